package anxin.platform.report;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.platform.report.MonthlyReport.Day;
import anxin.platform.report.MonthlyReport.Kpis;
import anxin.platform.report.MonthlyReport.Row;
import anxin.platform.report.MonthlyReport.Scope;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final Instant END = Instant.parse("2025-10-31T16:00:00Z");

  @Test
  void render_escapesFacilityNames() {
    Kpis k = new Kpis(3, 3, 2, 12.25, 80.0, 1, 0, 8, 6, 1, 0);
    String html =
        HtmlReport.render(
            report(List.of(new Row("砚山县", "f1", "<script>x</script> & Co", SHANGHAI, END, k)), k));
    assertThat(html).doesNotContain("<script").contains("&lt;script&gt;x&lt;/script&gt; &amp; Co");
  }

  @Test
  void render_withoutP1Alerts_showsDashes_notZeroPercent() {
    Kpis none = new Kpis(0, 0, 0, null, null, 0, 0, 2, 2, 0, 0);
    String html =
        HtmlReport.render(
            report(List.of(new Row("丘北县", "f2", "西山敬老院", SHANGHAI, END, none)), none));
    assertThat(html)
        .contains("data-kpi=\"p1_within_60s\">–<")
        .contains("data-kpi=\"p1_ack_median_s\">–<")
        .contains("无 P1 (no P1 due)")
        .doesNotContain("NaN");
  }

  @Test
  void render_shareBelowBenchmark_isMarked_andStateTimeIsLocal() {
    Kpis k = new Kpis(40, 40, 38, 20.0, 75.0, 2, 1, 8, 8, 0, 0);
    String html =
        HtmlReport.render(report(List.of(new Row("砚山县", "f1", "福园", SHANGHAI, END, k)), k));
    assertThat(html)
        .contains("class=\"num below\" data-kpi=\"p1_within_60s\">95.0 %<")
        .contains("本月未达到基准 (not met this month)")
        .contains("2025-11-01 00:00 (Asia/Shanghai)");
  }

  @Test
  void niceMax_holdsTheLargestBar() {
    assertThat(Charts.niceMax(0)).isEqualTo(4);
    assertThat(Charts.niceMax(7)).isEqualTo(8);
    assertThat(Charts.niceMax(9)).isEqualTo(20);
    assertThat(Charts.niceMax(81)).isEqualTo(200);
  }

  private static MonthlyReport report(List<Row> facilities, Kpis total) {
    List<Day> days = new ArrayList<>();
    for (LocalDate d = LocalDate.of(2025, 10, 1); d.getMonthValue() == 10; d = d.plusDays(1)) {
      days.add(new Day(d, d.getDayOfMonth() % 3, d.getDayOfMonth() % 3, d.getDayOfMonth() % 2));
    }
    Row county = facilities.get(0);
    return new MonthlyReport(
        YearMonth.of(2025, 10),
        new Scope("文山州", null),
        END.plusSeconds(86_400),
        total,
        List.of(new Row(county.county(), null, null, SHANGHAI, END, total)),
        facilities,
        days);
  }
}
