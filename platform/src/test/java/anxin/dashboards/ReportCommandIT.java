package anxin.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.Alert;
import anxin.alerting.RuleId;
import anxin.dashboards.DashboardQueriesIT.Kpis;
import anxin.dashboards.SimulatedMonth.GenAlert;
import anxin.dashboards.SimulatedMonth.GenDevice;
import anxin.dashboards.SimulatedMonth.GenEvent;
import anxin.platform.app.Main;
import anxin.testing.Postgres;
import anxin.testing.TestServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;

/**
 * {@code anxin report} on the dashboards' {@link SimulatedMonth}: the figures in the HTML equal
 * those computed from the month's ground truth, with October taken in the facilities' zone
 * (Asia/Shanghai), and the file fetches nothing.
 */
@ExtendWith(TestServices.class)
class ReportCommandIT {

  private static final long SEED = 20251001L;
  private static final YearMonth OCTOBER = YearMonth.of(2025, 10);
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  /** The end of October in Shanghai: the instant the device and gateway state is taken. */
  private static final Instant END = Instant.parse("2025-10-31T16:00:00Z");

  @TempDir static Path dir;
  private static Path config;
  private static SimulatedMonth month;

  private record Ran(int exit, String out, String err) {}

  @BeforeAll
  static void aMigratedDatabaseWithTheSimulatedMonth() throws Exception {
    Postgres db = TestServices.postgres().freshDatabase();
    config =
        Files.writeString(
            dir.resolve("anxin.yaml"),
            "database:\n  url: \""
                + db.jdbcUrl()
                + "\"\n  user: \""
                + db.user()
                + "\"\n  password: \""
                + db.password()
                + "\"\ndata-dir: \""
                + dir
                + "\"\n");
    Ran migrate = run("migrate", "-c", config.toString());
    assertThat(migrate.exit()).as(migrate.err()).isZero();
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(db.jdbcUrl());
    ds.setUser(db.user());
    ds.setPassword(db.password());
    month = new SimulatedMonth(SEED);
    month.write(ds);
  }

  @Test
  void county_tablesShowTheKpisOfItsAlertsInTheLocalMonth() throws Exception {
    Path file = dir.resolve("yanshan.html");
    Ran r =
        run(
            "report",
            "-c",
            config.toString(),
            "--month",
            "2025-10",
            "--county",
            "砚山县",
            "--out",
            file.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Wrote " + file).contains("3 facilities");
    String html = Files.readString(file);

    Set<String> ids = facilitiesOf("砚山县");
    List<GenAlert> inCounty = inLocalOctober(a -> ids.contains(a.alert().facility()));
    Kpis truth = Kpis.of(inCounty);
    assertThat(truth.p1()).as("enough P1 alerts to mean something").isGreaterThan(30);
    assertThat(truth)
        .as("the month is taken in Shanghai, not UTC: the alerts counted differ")
        .isNotEqualTo(Kpis.of(inUtcOctober(a -> ids.contains(a.alert().facility()))));

    String county = row(html, "<tr data-county=\"砚山县\">");
    assertKpis(county, truth);
    assertThat(kpi(county, "devices_online"))
        .isEqualTo(online(ids) + " / " + activeDevices(ids).size());
    assertThat(kpi(county, "devices_low_battery")).isEqualTo(Long.toString(lowBattery(ids)));
    assertThat(kpi(county, "gateways_offline")).isEqualTo(Long.toString(gatewaysOffline(ids)));

    for (String id : ids) {
      String facility = row(html, "<tr data-county=\"砚山县\" data-facility=\"" + id + "\">");
      assertKpis(facility, Kpis.of(inLocalOctober(a -> a.alert().facility().equals(id))));
      assertThat(kpi(facility, "gateways_offline"))
          .isEqualTo(Long.toString(gatewaysOffline(Set.of(id))));
    }
    assertThat(html).doesNotContain("data-county=\"丘北县\"");

    long trendP1 = 0;
    Matcher bars = Pattern.compile("<title>2025-10-\\d\\d: (\\d+) P1</title>").matcher(html);
    while (bars.find()) {
      trendP1 += Long.parseLong(bars.group(1));
    }
    assertThat(trendP1).as("the daily bars add up to the month").isEqualTo(truth.p1());
    assertThat(html)
        .contains("97.5 % 基准 (benchmark)")
        .contains("计算方法 (How computed)")
        .contains("设备状态截至 (device state as of): 2025-11-01 00:00 (Asia/Shanghai)");
  }

  @Test
  void region_totalRowIsTheWholeRegion() throws Exception {
    Path file = dir.resolve("wenshan.html");
    Ran r =
        run(
            "report",
            "-c",
            config.toString(),
            "--month",
            "2025-10",
            "--region",
            "文山州",
            "-o",
            file.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    String html = Files.readString(file);
    assertKpis(row(html, "<tr data-total=\"\">"), Kpis.of(inLocalOctober(a -> true)));
    assertThat(html).contains("<tr data-county=\"砚山县\">").contains("<tr data-county=\"丘北县\">");
  }

  @Test
  void report_isSelfContained_andHasNoPersonalData() throws Exception {
    Path file = dir.resolve("all.html");
    Ran r = run("report", "-c", config.toString(), "--month", "2025-10", "-o", file.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    String html = Files.readString(file);
    assertThat(html.toLowerCase(Locale.ROOT))
        .startsWith("<!doctype html>")
        .contains("<svg")
        .doesNotContain("<script")
        .doesNotContain("<link")
        .doesNotContain("src=")
        .doesNotContain("http:")
        .doesNotContain("https:")
        .doesNotContain("url(")
        .doesNotContain("@import")
        .doesNotContain("<img");
    assertThat(html)
        .as("no phone numbers, family contact ids or staff ids")
        .doesNotContain("+86")
        .doesNotContain("fam-")
        .doesNotContain("-cg1")
        .doesNotContainPattern("1[3-9]\\d{9}");
  }

  @Test
  void countyWithoutFacilities_exit2_namesWhatExists() throws Exception {
    Path file = dir.resolve("none.html");
    Ran r =
        run(
            "report",
            "-c",
            config.toString(),
            "--month",
            "2025-10",
            "--county",
            "麻栗坡县",
            "-o",
            file.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no facility in county '麻栗坡县'").contains("文山州: 丘北县, 砚山县");
    assertThat(file).doesNotExist();
  }

  @Test
  void badOrFutureMonth_exit2() {
    Ran bad = run("report", "-c", config.toString(), "--month", "2025-13");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--month is YYYY-MM, e.g. 2025-10: 2025-13");
    Ran future = run("report", "-c", config.toString(), "--month", "2999-01");
    assertThat(future.exit()).isEqualTo(2);
    assertThat(future.err()).contains("month 2999-01 has not begun");
  }

  // ------------------------------------------------------------------ ground truth

  private static List<GenAlert> inLocalOctober(Predicate<GenAlert> which) {
    return month.alerts.stream()
        .filter(
            a ->
                YearMonth.from(LocalDate.ofInstant(a.alert().openedAt(), SHANGHAI)).equals(OCTOBER))
        .filter(which)
        .toList();
  }

  private static List<GenAlert> inUtcOctober(Predicate<GenAlert> which) {
    return month.alerts.stream()
        .filter(a -> YearMonth.from(a.alert().openedAt().atZone(ZoneId.of("UTC"))).equals(OCTOBER))
        .filter(which)
        .toList();
  }

  private static Set<String> facilitiesOf(String county) {
    return SimulatedMonth.FACILITIES.stream()
        .filter(f -> f.county().equals(county))
        .map(SimulatedMonth.Facility::id)
        .collect(Collectors.toSet());
  }

  private static List<GenDevice> activeDevices(Set<String> facilities) {
    return month.devices.stream()
        .filter(d -> d.active() && facilities.contains(d.facility()))
        .toList();
  }

  private static List<GenEvent> eventsAtEnd(GenDevice d) {
    return month.events.stream()
        .filter(e -> e.device().equals(d.id()) && !e.at().isAfter(END))
        .toList();
  }

  private static long online(Set<String> facilities) {
    return activeDevices(facilities).stream()
        .filter(
            d -> {
              Instant since = END.minus(Duration.ofSeconds(3L * d.heartbeatS()));
              return eventsAtEnd(d).stream().anyMatch(e -> !e.at().isBefore(since));
            })
        .count();
  }

  private static long lowBattery(Set<String> facilities) {
    List<Integer> latest = new ArrayList<>();
    for (GenDevice d : activeDevices(facilities)) {
      eventsAtEnd(d).stream()
          .filter(e -> e.bat() != null)
          .max((x, y) -> x.at().compareTo(y.at()))
          .ifPresent(e -> latest.add(e.bat()));
    }
    return latest.stream().filter(b -> b <= 15).count();
  }

  private static long gatewaysOffline(Set<String> facilities) {
    return month.alerts.stream()
        .map(GenAlert::alert)
        .filter(a -> a.rule() == RuleId.GATEWAY_OFFLINE && facilities.contains(a.facility()))
        .filter(ReportCommandIT::activeAtEnd)
        .count();
  }

  private static boolean activeAtEnd(Alert a) {
    return !a.openedAt().isAfter(END) && (a.resolvedAt() == null || a.resolvedAt().isAfter(END));
  }

  // ------------------------------------------------------------------ reading the HTML

  private static void assertKpis(String row, Kpis truth) {
    assertThat(kpi(row, "p1_alerts")).isEqualTo(Long.toString(truth.p1()));
    assertThat(kpi(row, "p1_ack_median_s")).isEqualTo(oneDecimal(truth.median()));
    assertThat(kpi(row, "p1_ack_p90_s")).isEqualTo(oneDecimal(truth.p90()));
    assertThat(kpi(row, "p1_within_60s"))
        .isEqualTo(truth.within60() == null ? "–" : oneDecimal(truth.within60() * 100) + " %");
    assertThat(kpi(row, "family_escalations")).isEqualTo(Long.toString(truth.family()));
    assertThat(kpi(row, "unanswered")).isEqualTo(Long.toString(truth.unanswered()));
  }

  private static String oneDecimal(Double d) {
    return d == null ? "–" : String.format(Locale.ROOT, "%.1f", d);
  }

  /** The table row that starts with {@code start}, up to its end. */
  private static String row(String html, String start) {
    int from = html.indexOf(start);
    assertThat(from).as("a row %s in the report", start).isNotNegative();
    assertThat(html.indexOf(start, from + 1)).as("only one row %s", start).isNegative();
    return html.substring(from, html.indexOf("</tr>", from));
  }

  private static String kpi(String row, String name) {
    Matcher m = Pattern.compile("data-kpi=\"" + name + "\">([^<]*)<").matcher(row);
    assertThat(m.find()).as("%s in %s", name, row).isTrue();
    return m.group(1);
  }

  private static Ran run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Ran(exit, out.toString(), err.toString());
  }
}
