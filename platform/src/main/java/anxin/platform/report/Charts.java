package anxin.platform.report;

import anxin.platform.report.MonthlyReport.Day;
import anxin.platform.report.MonthlyReport.Row;
import java.util.List;
import java.util.Locale;

/**
 * Charts as inline SVG markup, drawn here so the report needs no chart library, script or network.
 * Colours are not the only carrier of meaning: values are printed beside the bars.
 */
final class Charts {

  /** The UK telecare benchmark: 97.5 % of alarm calls answered within 60 s. */
  static final double BENCHMARK = 0.975;

  private static final int W = 760;
  private static final int H = 300;
  private static final int LEFT = 48;
  private static final int RIGHT = 56;
  private static final int TOP = 20;
  private static final int BOTTOM = 44;

  private Charts() {}

  /**
   * Daily P1 alerts as bars (left axis) and the share of P1 acknowledged within 60 s as a line
   * (right axis, 0 to 100 %), with the benchmark as a dashed reference line.
   */
  static String dailyTrend(List<Day> days) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\""
                + " aria-labelledby=\"trend-title\">",
            W,
            H));
    s.append(
        "<title id=\"trend-title\">每日 P1 报警数与 60 秒内确认比例"
            + " (Daily P1 alerts and share acknowledged within 60 s)</title>");
    int plotW = W - LEFT - RIGHT;
    int plotH = H - TOP - BOTTOM;
    long max = days.stream().mapToLong(Day::p1Alerts).max().orElse(0);
    long top = niceMax(max);
    // Grid and left axis (counts).
    for (int i = 0; i <= 4; i++) {
      double y = TOP + plotH - plotH * i / 4.0;
      s.append(line(LEFT, y, LEFT + plotW, y, "grid"));
      s.append(text(LEFT - 6, y + 4, "end", "axis", Long.toString(top * i / 4)));
      s.append(text(LEFT + plotW + 6, y + 4, "start", "axis", (25 * i) + " %"));
    }
    double band = (double) plotW / Math.max(1, days.size());
    for (int i = 0; i < days.size(); i++) {
      Day d = days.get(i);
      double x = LEFT + i * band;
      double h = top == 0 ? 0 : plotH * (double) d.p1Alerts() / top;
      if (h > 0) {
        s.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
                    + "<title>%s: %d P1</title></rect>",
                x + band * 0.15,
                TOP + plotH - h,
                band * 0.7,
                h,
                d.day(),
                d.p1Alerts()));
      }
      if (days.size() <= 16 || i % 2 == 0) {
        s.append(
            text(
                x + band / 2,
                TOP + plotH + 14,
                "middle",
                "axis",
                Integer.toString(d.day().getDayOfMonth())));
      }
    }
    // The share line; a gap where no P1 alert was due.
    StringBuilder path = new StringBuilder();
    boolean pen = false;
    for (int i = 0; i < days.size(); i++) {
      Double share = days.get(i).p1Within60sShare();
      if (share == null) {
        pen = false;
        continue;
      }
      double x = LEFT + i * band + band / 2;
      double y = TOP + plotH - plotH * share;
      path.append(String.format(Locale.ROOT, "%s%.1f %.1f ", pen ? "L" : "M", x, y));
      pen = true;
      s.append(
          String.format(
              Locale.ROOT,
              "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\"><title>%s: %s</title>"
                  + "</circle>",
              x,
              y,
              days.get(i).day(),
              HtmlReport.percent(share)));
    }
    if (path.length() > 0) {
      s.append("<path class=\"share\" d=\"").append(path.toString().strip()).append("\"/>");
    }
    double ref = TOP + plotH - plotH * BENCHMARK;
    s.append(line(LEFT, ref, LEFT + plotW, ref, "benchmark"));
    s.append(text(LEFT + plotW - 4, ref - 5, "end", "benchmark-label", "97.5 % 基准 (benchmark)"));
    s.append(line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "axis-line"));
    s.append(text(LEFT, H - 8, "start", "axis", "日 (day)  ▮ P1 报警 (P1 alerts, left)"));
    s.append(text(LEFT + plotW, H - 8, "end", "axis", "— 60 秒内确认 (within 60 s, right)"));
    return s.append("</svg>").toString();
  }

  /** Per facility, the share of P1 acknowledged within 60 s, with the benchmark marked. */
  static String facilityShares(List<Row> facilities) {
    int rowH = 26;
    int labelW = 220;
    int plotW = W - labelW - 70;
    int h = TOP + rowH * facilities.size() + 30;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\""
                + " aria-labelledby=\"shares-title\">",
            W,
            h));
    s.append(
        "<title id=\"shares-title\">各机构 P1 报警 60 秒内确认比例"
            + " (Share of P1 acknowledged within 60 s, by facility)</title>");
    for (int i = 0; i <= 4; i++) {
      double x = labelW + plotW * i / 4.0;
      s.append(line(x, TOP - 4, x, TOP + rowH * facilities.size(), "grid"));
      s.append(text(x, h - 8, "middle", "axis", (25 * i) + " %"));
    }
    for (int i = 0; i < facilities.size(); i++) {
      Row r = facilities.get(i);
      double y = TOP + i * rowH;
      s.append(text(labelW - 8, y + rowH / 2.0 + 4, "end", "label", r.facilityName()));
      Double share = r.kpis().p1Within60sShare();
      if (share == null) {
        s.append(text(labelW + 4, y + rowH / 2.0 + 4, "start", "axis", "无 P1 (no P1 due)"));
        continue;
      }
      s.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"%s\" x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\"/>",
              share >= BENCHMARK ? "meets" : "below",
              labelW,
              y + 4,
              plotW * share,
              rowH - 8));
      s.append(
          text(labelW + plotW * share + 4, y + rowH / 2.0 + 4, "start", "value", percent(share)));
    }
    double ref = labelW + plotW * BENCHMARK;
    s.append(line(ref, TOP - 8, ref, TOP + rowH * facilities.size(), "benchmark"));
    return s.append("</svg>").toString();
  }

  private static String percent(double share) {
    return HtmlReport.percent(share);
  }

  /** The smallest of 5, 10, 20, 50, 100, … multiples that holds max. */
  static long niceMax(long max) {
    if (max <= 4) {
      return 4;
    }
    long step = 1;
    while (true) {
      for (long m : new long[] {1, 2, 5}) {
        long candidate = 4 * m * step;
        if (candidate >= max) {
          return candidate;
        }
      }
      step *= 10;
    }
  }

  private static String line(double x1, double y1, double x2, double y2, String cls) {
    return String.format(
        Locale.ROOT,
        "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
        cls,
        x1,
        y1,
        x2,
        y2);
  }

  private static String text(double x, double y, String anchor, String cls, String content) {
    return String.format(
        Locale.ROOT,
        "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>",
        cls,
        x,
        y,
        anchor,
        HtmlReport.escape(content));
  }
}
