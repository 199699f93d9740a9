package anxin.platform.report;

import anxin.platform.report.MonthlyReport.Kpis;
import anxin.platform.report.MonthlyReport.Row;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes a {@link MonthlyReport} as one self-contained HTML document: inline CSS, inline SVG
 * charts, no script, no external stylesheet, font or image, so it opens offline and prints (to
 * paper or PDF) from any browser. Cells carry {@code data-kpi} attributes naming the KPI, for tests
 * and for anyone copying figures out.
 */
public final class HtmlReport {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private HtmlReport() {}

  /** The document, UTF-8 text. */
  public static String render(MonthlyReport r) {
    StringBuilder h = new StringBuilder(32_768);
    String title =
        String.format(
            Locale.ROOT,
            "安心 月度报告 (Monthly report): %s, %d 年 %d 月",
            r.scope().label(),
            r.month().getYear(),
            r.month().getMonthValue());
    h.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(escape(title))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n");
    h.append("<h1>").append(escape(title)).append("</h1>\n");
    h.append("<p class=\"meta\">范围 (scope): ")
        .append(escape(r.scope().label()))
        .append(" · 月份 (month): ")
        .append(r.month())
        .append(", 按各机构所在时区的自然月 (calendar month in each facility's time zone)")
        .append(" · 设备状态截至 (device state as of): ")
        .append(escape(stateAsOf(r.facilities())))
        .append(" · 生成于 (generated): ")
        .append(escape(time(r.generatedAt(), commonZone(r.facilities()))))
        .append("</p>\n");

    h.append("<h2 id=\"summary\">概览 (Summary)</h2>\n");
    summary(h, r.total());

    h.append("<h2 id=\"trend\">每日趋势 (Daily trend)</h2>\n<figure>")
        .append(Charts.dailyTrend(r.days()))
        .append(
            "<figcaption>柱：每日 P1 报警数 (bars: P1 alerts per day, left axis)；"
                + "线：当日 60 秒内确认比例 (line: share acknowledged within 60 s, right axis)；"
                + "虚线：97.5 % 基准 (dashed: the 97.5 % benchmark)。"
                + "无 P1 报警的日子没有比例 (no point on days without a P1 alert due)。"
                + "</figcaption></figure>\n");

    h.append("<h2 id=\"counties\">按县 (By county)</h2>\n");
    table(h, r.counties(), false, r.total());

    h.append("<h2 id=\"facilities\">按机构 (By facility)</h2>\n");
    table(h, r.facilities(), true, null);
    if (!r.facilities().isEmpty()) {
      h.append("<figure>")
          .append(Charts.facilityShares(r.facilities()))
          .append(
              "<figcaption>各机构 P1 报警 60 秒内确认比例，竖虚线为 97.5 % 基准"
                  + " (share of P1 acknowledged within 60 s by facility; dashed line: the"
                  + " 97.5 % benchmark)。</figcaption></figure>\n");
    }

    h.append(HOW_COMPUTED);
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static void summary(StringBuilder h, Kpis k) {
    h.append("<div class=\"tiles\">\n");
    tile(h, "p1_alerts", "P1 报警 (P1 alerts)", Long.toString(k.p1Alerts()), null);
    tile(h, "p1_ack_median_s", "确认时间中位数 (median to acknowledge)", seconds(k.p1AckMedianS()), null);
    tile(h, "p1_ack_p90_s", "确认时间 P90 (p90 to acknowledge)", seconds(k.p1AckP90S()), null);
    Double share = k.p1Within60sShare();
    tile(
        h,
        "p1_within_60s",
        "60 秒内确认 (acknowledged within 60 s)",
        share == null ? "–" : percent(share),
        share == null ? null : share >= Charts.BENCHMARK ? "meets" : "below");
    tile(
        h,
        "family_escalations",
        "通知家属 (escalated to families)",
        Long.toString(k.familyEscalations()),
        null);
    tile(
        h,
        "unanswered",
        "无人应答 (unanswered, P1/P2)",
        Long.toString(k.unanswered()),
        k.unanswered() > 0 ? "below" : null);
    tile(
        h,
        "devices_online",
        "设备在线 (devices online)",
        k.devicesOnline() + " / " + k.devices(),
        null);
    tile(h, "devices_low_battery", "低电量 (low battery)", Long.toString(k.devicesLowBattery()), null);
    tile(
        h,
        "gateways_offline",
        "网关离线 (gateways offline)",
        Long.toString(k.gatewaysOffline()),
        k.gatewaysOffline() > 0 ? "below" : null);
    h.append("</div>\n<p class=\"note\">60 秒内确认比例的参考值为英国远程照护基准 97.5 %")
        .append(" (reference: the UK telecare benchmark, 97.5 % of alarm calls answered within")
        .append(" 60 s)。")
        .append(
            share == null
                ? ""
                : share >= Charts.BENCHMARK
                    ? "本月达到基准 (met this month)。"
                    : "本月未达到基准 (not met this month)。")
        .append("</p>\n");
  }

  private static void tile(StringBuilder h, String kpi, String label, String value, String cls) {
    h.append("<div class=\"tile")
        .append(cls == null ? "" : " " + cls)
        .append("\"><div class=\"label\">")
        .append(escape(label))
        .append("</div><div class=\"value\" data-kpi=\"")
        .append(kpi)
        .append("\">")
        .append(escape(value))
        .append("</div></div>\n");
  }

  private static void table(StringBuilder h, List<Row> rows, boolean facilities, Kpis total) {
    if (rows.isEmpty()) {
      h.append("<p>无数据 (no data)。</p>\n");
      return;
    }
    h.append("<table>\n<thead><tr><th>县 (county)</th>");
    if (facilities) {
      h.append("<th>机构 (facility)</th>");
    }
    h.append("<th><a href=\"#def-p1\">P1 报警<br>(P1 alerts)</a></th>")
        .append("<th><a href=\"#def-ack\">确认中位数<br>(median, s)</a></th>")
        .append("<th><a href=\"#def-ack\">确认 P90<br>(p90, s)</a></th>")
        .append("<th><a href=\"#def-60\">60 秒内确认<br>(within 60 s)</a></th>")
        .append("<th><a href=\"#def-family\">通知家属<br>(to families)</a></th>")
        .append("<th><a href=\"#def-unanswered\">无人应答<br>(unanswered)</a></th>")
        .append("<th><a href=\"#def-devices\">设备在线<br>(online / devices)</a></th>")
        .append("<th><a href=\"#def-devices\">低电量<br>(low battery)</a></th>")
        .append("<th><a href=\"#def-gateways\">网关离线<br>(gateways offline)</a></th>")
        .append("</tr></thead>\n<tbody>\n");
    for (Row r : rows) {
      h.append("<tr data-county=\"").append(escape(r.county())).append('"');
      if (facilities) {
        h.append(" data-facility=\"").append(escape(r.facilityId())).append('"');
      }
      h.append("><td>").append(escape(r.county().isEmpty() ? "–" : r.county())).append("</td>");
      if (facilities) {
        h.append("<td>").append(escape(r.facilityName())).append("</td>");
      }
      cells(h, r.kpis());
      h.append("</tr>\n");
    }
    h.append("</tbody>\n");
    if (total != null) {
      h.append("<tfoot><tr data-total=\"\"><td>合计 (total)</td>");
      cells(h, total);
      h.append("</tr></tfoot>\n");
    }
    h.append("</table>\n");
  }

  private static void cells(StringBuilder h, Kpis k) {
    Double share = k.p1Within60sShare();
    cell(h, "p1_alerts", Long.toString(k.p1Alerts()), null);
    cell(h, "p1_ack_median_s", seconds(k.p1AckMedianS()), null);
    cell(h, "p1_ack_p90_s", seconds(k.p1AckP90S()), null);
    cell(
        h,
        "p1_within_60s",
        share == null ? "–" : percent(share),
        share == null ? null : share >= Charts.BENCHMARK ? "meets" : "below");
    cell(h, "family_escalations", Long.toString(k.familyEscalations()), null);
    cell(h, "unanswered", Long.toString(k.unanswered()), k.unanswered() > 0 ? "below" : null);
    cell(h, "devices_online", k.devicesOnline() + " / " + k.devices(), null);
    cell(h, "devices_low_battery", Long.toString(k.devicesLowBattery()), null);
    cell(
        h,
        "gateways_offline",
        Long.toString(k.gatewaysOffline()),
        k.gatewaysOffline() > 0 ? "below" : null);
  }

  private static void cell(StringBuilder h, String kpi, String value, String cls) {
    h.append("<td class=\"num")
        .append(cls == null ? "" : " " + cls)
        .append("\" data-kpi=\"")
        .append(kpi)
        .append("\">")
        .append(escape(value))
        .append("</td>");
  }

  /** Seconds with one decimal, "–" for none. */
  static String seconds(Double s) {
    return s == null ? "–" : String.format(Locale.ROOT, "%.1f", s);
  }

  /** A share 0..1 as a percentage with one decimal: "97.5 %". */
  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f %%", share * 100);
  }

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static ZoneId commonZone(List<Row> facilities) {
    List<ZoneId> zones = facilities.stream().map(Row::zone).distinct().toList();
    return zones.size() == 1 ? zones.get(0) : ZoneOffset.UTC;
  }

  private static String stateAsOf(List<Row> facilities) {
    List<Instant> instants =
        facilities.stream().map(Row::stateAsOf).filter(Objects::nonNull).distinct().toList();
    if (instants.size() == 1) {
      return time(instants.get(0), commonZone(facilities));
    }
    return "各机构所在时区的月末 (the end of the month in each facility's time zone)";
  }

  private static String time(Instant t, ZoneId zone) {
    return TIME.format(t.atZone(zone)) + " (" + zone.getId() + ")";
  }

  private static final String CSS =
      """
      body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
             "Microsoft YaHei", sans-serif; color: #1d2630; margin: 2rem auto; max-width: 1100px;
             padding: 0 1rem; line-height: 1.45; }
      h1 { font-size: 1.5rem; margin-bottom: 0.25rem; }
      h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
      .meta, .note, figcaption { color: #57606a; font-size: 0.85rem; }
      .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr));
               gap: 0.6rem; }
      .tile { border: 1px solid #d0d7de; border-radius: 6px; padding: 0.5rem 0.75rem; }
      .tile .label { font-size: 0.8rem; color: #57606a; }
      .tile .value { font-size: 1.4rem; font-weight: 600; }
      .tile.meets { border-color: #2da44e; } .tile.below { border-color: #cf222e; }
      table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
      th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.45rem; }
      th { background: #f6f8fa; font-weight: 600; text-align: center; }
      th a { color: inherit; text-decoration: none; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; }
      td.meets { color: #116329; } td.below { color: #a40e26; font-weight: 600; }
      tfoot td { font-weight: 600; background: #f6f8fa; }
      figure { margin: 1rem 0; }
      svg.chart { width: 100%; height: auto; font-size: 11px; }
      svg .grid { stroke: #eaeef2; } svg .axis-line { stroke: #57606a; }
      svg .axis { fill: #57606a; } svg .label { fill: #1d2630; } svg .value { fill: #1d2630; }
      svg .bar { fill: #8fb4e3; } svg .share { fill: none; stroke: #0a3069; stroke-width: 2; }
      svg .dot { fill: #0a3069; } svg .meets { fill: #4ac26b; } svg .below { fill: #f5a623; }
      svg .benchmark { stroke: #cf222e; stroke-dasharray: 6 4; stroke-width: 1.5; }
      svg .benchmark-label { fill: #cf222e; }
      dt { font-weight: 600; margin-top: 0.5rem; } dd { margin-left: 1.2rem; }
      @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
                     table, figure { break-inside: avoid; } }
      """;

  private static final String HOW_COMPUTED =
      """
      <h2 id="how">计算方法 (How computed)</h2>
      <p>数字来自数据库中的 KPI 视图 <code>kpi_alert</code>、<code>kpi_facility_day</code> 和函数
      <code>kpi_device_status(t)</code>、<code>kpi_gateways_offline(t)</code>，与 Grafana
      的局长总览看板 (Bureau overview dashboard) 使用同一来源和同一公式 (the same views and
      formulas as the dashboards)。完整定义见 Anxin 文档 <code>docs/dashboards.md</code> 的
      “Definitions” 一节 (full definitions: docs/dashboards.md, section "Definitions").</p>
      <dl>
      <dt id="def-month">月份 (month)</dt>
      <dd>报警按打开时间在机构所在时区 (<code>facility.zone</code>) 的日期归入月份 (an alert belongs
      to the month of the local calendar day, in its facility's time zone, on which it opened).</dd>
      <dt id="def-p1">P1 报警 (P1 alerts)</dt>
      <dd>本月打开的 P1（最高级）报警，如跌倒、紧急按钮 (P1 alerts opened in the month: falls,
      panic buttons).</dd>
      <dt id="def-ack">确认时间 (time to acknowledge)</dt>
      <dd>从平台打开报警到工作人员确认的秒数；中位数与 P90 为本月全部已确认 P1 报警的
      <code>percentile_cont(0.5 / 0.9)</code>，不是日值的平均 (seconds from opening to the first
      acknowledgement; median and p90 over every acknowledged P1 alert of the month, never averaged
      from daily values).</dd>
      <dt id="def-60">60 秒内确认 (acknowledged within 60 s)</dt>
      <dd>60 秒内确认的 P1 报警 ÷ 应答的 P1 报警；住户在有人确认前自行取消的不计入
      (P1 alerts acknowledged within 60 s divided by P1 alerts due an answer, i.e. all except those
      the resident cancelled before anyone acknowledged). 参考值 (reference): 97.5 %, UK telecare
      benchmark.</dd>
      <dt id="def-family">通知家属 (escalated to families)</dt>
      <dd>本月打开、时间线中有发给家属的通知的报警 (alerts opened in the month whose timeline has a
      notification to a family member: escalation reached the family step).</dd>
      <dt id="def-unanswered">无人应答 (unanswered)</dt>
      <dd>无人确认，且已在无人处理的情况下结束（自动清除或其他），或打开超过 10 分钟仍未解决的
      P1、P2 报警 (P1 and P2 alerts nobody acknowledged that ended without anyone, or are still
      unresolved more than 10 minutes after opening, judged when the report is made).</dd>
      <dt id="def-devices">设备在线、低电量 (devices online, low battery)</dt>
      <dd>月末（本月则为生成时）：启用的设备中，在 3 个心跳周期内有消息的为在线；最近一次电量读数
      ≤ 15 % 为低电量 (at the end of the month, or now for the current month: active devices with a
      message within 3 heartbeat intervals are online; a latest battery reading of 15 % or less is
      low).</dd>
      <dt id="def-gateways">网关离线 (gateways offline)</dt>
      <dd>同一时刻仍未恢复的网关离线报警数 (gateway-offline alerts still active at the same
      instant).</dd>
      </dl>
      <p class="note">本报告不含个人信息：没有住户姓名、电话号码 (no personal data: no resident
      names, no phone numbers)。本文件自包含，可离线打开、打印或另存为 PDF (self-contained: opens
      offline; print or save as PDF from the browser).</p>
      """;
}
