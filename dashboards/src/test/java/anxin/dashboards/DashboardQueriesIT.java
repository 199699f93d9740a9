package anxin.dashboards;

import static anxin.dashboards.SimulatedMonth.FROM;
import static anxin.dashboards.SimulatedMonth.TO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import anxin.alerting.AlertOutcome;
import anxin.alerting.RuleId;
import anxin.alerting.Severity;
import anxin.alerting.outbox.JdbcOutbox;
import anxin.dashboards.Dashboards.Target;
import anxin.dashboards.GrafanaSql.Context;
import anxin.dashboards.GrafanaSql.Variable;
import anxin.dashboards.SimulatedMonth.GenAlert;
import anxin.dashboards.SimulatedMonth.GenDevice;
import anxin.dashboards.SimulatedMonth.GenEvent;
import anxin.ingest.jdbc.Database;
import anxin.testing.Postgres;
import anxin.testing.TestServices;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every SQL panel target of every dashboard, expanded as Grafana expands it, runs against the
 * migrated schema filled with {@link SimulatedMonth}; the KPIs it shows equal those computed here
 * from the month's ground truth.
 */
@ExtendWith(TestServices.class)
class DashboardQueriesIT {

  private static final long SEED = 20251001L;
  private static final double EPS = 1e-6;

  private static Database database;
  private static DataSource db;
  private static SimulatedMonth month;

  @BeforeAll
  static void fillAMonth() throws Exception {
    Postgres fresh = TestServices.postgres().freshDatabase();
    database = Database.open(fresh.jdbcUrl(), fresh.user(), fresh.password(), 2);
    db = database.dataSource();
    JdbcOutbox.migrate(db);
    platformMigrations(db);
    Migrations.migrate(db);
    month = new SimulatedMonth(SEED);
    month.write(db);
  }

  /**
   * The platform's own tables (gateway_status), from the platform module's migrations as its {@code
   * PlatformSchema} applies them. Read from the sources: the platform depends on this module, not
   * the other way round. Tests run in the module's directory.
   */
  private static void platformMigrations(DataSource db) {
    Path dir = Path.of("../platform/src/main/resources/db/platform").toAbsolutePath().normalize();
    assertThat(dir.resolve("V2__gateway_status.sql")).exists();
    Flyway.configure()
        .dataSource(db)
        .locations("filesystem:" + dir)
        .table("platform_schema_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  @AfterAll
  static void close() {
    if (database != null) {
      database.close();
    }
  }

  // ------------------------------------------------------------------ every target runs

  @Test
  void everySqlTarget_withEverythingSelected_runsAndReturnsTheColumnsItsPanelExpects()
      throws Exception {
    Map<String, List<String>> expected = Dashboards.expectedColumns();
    List<String> checked = new ArrayList<>();
    for (JsonNode d : Dashboards.all()) {
      Context ctx = context(d, v -> v.values());
      for (Target t : Dashboards.targets(d)) {
        if (!t.isSql()) {
          continue;
        }
        List<Map<String, Object>> rows = checkColumns(t, ctx, expected.get(t.key()));
        assertThat(rows)
            .as("%s (%s) returns rows for the month", t.key(), t.panelTitle())
            .isNotEmpty();
        checked.add(t.key());
      }
    }
    assertThat(checked)
        .as("every declared target was run")
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
  }

  @Test
  void everySqlTarget_withOneCountySelected_runs_andSeesOnlyThatCounty() throws Exception {
    Map<String, List<String>> expected = Dashboards.expectedColumns();
    for (JsonNode d : Dashboards.all()) {
      Context ctx = context(d, v -> v.name().equals("county") ? List.of("丘北县") : v.values());
      for (Target t : Dashboards.targets(d)) {
        if (t.isSql()) {
          List<Map<String, Object>> rows = checkColumns(t, ctx, expected.get(t.key()));
          if (rows.size() > 0 && rows.get(0).containsKey("county")) {
            assertThat(rows).allSatisfy(r -> assertThat(r.get("county")).isEqualTo("丘北县"));
          }
        }
      }
    }
  }

  @Test
  void variableQueries_cascade_regionToCountyToFacility() throws Exception {
    Context ctx = context(Dashboards.byUid("anxin-bureau"), v -> v.values());
    assertThat(ctx.variables().get("region").values()).containsExactly("文山州");
    assertThat(ctx.variables().get("county").values()).containsExactlyInAnyOrder("砚山县", "丘北县");
    assertThat(ctx.variables().get("facility").values())
        .containsExactlyInAnyOrderElementsOf(
            SimulatedMonth.FACILITIES.stream().map(SimulatedMonth.Facility::id).toList());
    assertThat(ctx.variables().get("facility").multiOrAll()).isTrue();
  }

  // ------------------------------------------------------------------ KPIs equal ground truth

  @Test
  void bureauStats_equalTheKpisOfTheMonthsAlerts() throws Exception {
    Context ctx = context(Dashboards.byUid("anxin-bureau"), v -> v.values());
    Kpis truth = Kpis.of(inPeriod(a -> true));

    assertThat(count("anxin-bureau", "P1 alerts", ctx, "p1_alerts")).isEqualTo(truth.p1);
    assertThat(decimal("anxin-bureau", "P1 median time to acknowledge", ctx, "p1_ack_median_s"))
        .isCloseTo(truth.median, within(EPS));
    assertThat(decimal("anxin-bureau", "P1 p90 time to acknowledge", ctx, "p1_ack_p90_s"))
        .isCloseTo(truth.p90, within(EPS));
    assertThat(decimal("anxin-bureau", "P1 acknowledged within 60 s", ctx, "p1_within_60s"))
        .isCloseTo(truth.within60, within(EPS));
    assertThat(count("anxin-bureau", "Escalated to families", ctx, "family_escalations"))
        .isEqualTo(truth.family);
    assertThat(count("anxin-bureau", "Unanswered (P1, P2)", ctx, "unanswered"))
        .isEqualTo(truth.unanswered);
    assertThat(truth.p1).as("the month has enough P1 alerts to mean something").isGreaterThan(50);
    assertThat(truth.family).isPositive();
    assertThat(truth.unanswered).isPositive();
    assertThat(truth.within60).isStrictlyBetween(0.3, 0.99);
  }

  @Test
  void byFacilityAndByCounty_tables_equalTheKpisOfEach() throws Exception {
    Context ctx = context(Dashboards.byUid("anxin-bureau"), v -> v.values());
    List<Map<String, Object>> facilities = rows("anxin-bureau", "By facility", ctx);
    assertThat(facilities).hasSize(SimulatedMonth.FACILITIES.size());
    for (Map<String, Object> r : facilities) {
      String id = (String) r.get("facility_id");
      assertKpis(r, Kpis.of(inPeriod(a -> a.alert().facility().equals(id))), id);
    }
    List<Map<String, Object>> counties = rows("anxin-bureau", "By county", ctx);
    assertThat(counties).extracting(r -> r.get("county")).containsExactlyInAnyOrder("砚山县", "丘北县");
    for (Map<String, Object> r : counties) {
      Set<String> ids = facilitiesOf((String) r.get("county"));
      assertKpis(r, Kpis.of(inPeriod(a -> ids.contains(a.alert().facility()))), r.get("county"));
    }
  }

  @Test
  void oneCountySelected_statsEqualThatCountysKpis() throws Exception {
    Context ctx =
        context(
            Dashboards.byUid("anxin-bureau"),
            v -> v.name().equals("county") ? List.of("砚山县") : v.values());
    Set<String> ids = facilitiesOf("砚山县");
    Kpis truth = Kpis.of(inPeriod(a -> ids.contains(a.alert().facility())));
    assertThat(count("anxin-bureau", "P1 alerts", ctx, "p1_alerts")).isEqualTo(truth.p1);
    assertThat(decimal("anxin-bureau", "P1 p90 time to acknowledge", ctx, "p1_ack_p90_s"))
        .isCloseTo(truth.p90, within(EPS));
    assertThat(count("anxin-bureau", "Unanswered (P1, P2)", ctx, "unanswered"))
        .isEqualTo(truth.unanswered);
  }

  @Test
  void endOfPeriodState_devicesGatewaysAndActiveAlerts_equalTheGroundTruthAtTheEnd()
      throws Exception {
    Context ctx = context(Dashboards.byUid("anxin-bureau"), v -> v.values());
    List<GenDevice> active = month.devices.stream().filter(GenDevice::active).toList();
    long online = active.stream().filter(this::onlineAtEnd).count();
    long lowBattery =
        active.stream()
            .filter(
                d -> {
                  Integer bat = batteryAtEnd(d);
                  return bat != null && bat <= 15;
                })
            .count();
    long gatewaysOffline =
        month.alerts.stream()
            .filter(a -> a.alert().rule() == RuleId.GATEWAY_OFFLINE && activeAtEnd(a))
            .count();
    Map<String, Long> bySeverity =
        month.alerts.stream()
            .filter(this::activeAtEnd)
            .collect(
                Collectors.groupingBy(
                    a -> a.alert().severity().name(), TreeMap::new, Collectors.counting()));

    Map<String, Object> devices =
        rows("anxin-bureau", "Devices online (end of period)", ctx).get(0);
    assertThat(((Number) devices.get("online")).longValue()).isEqualTo(online);
    assertThat(((Number) devices.get("devices")).longValue()).isEqualTo(active.size());
    assertThat(count("anxin-bureau", "Devices with low battery", ctx, "low_battery"))
        .isEqualTo(lowBattery);
    assertThat(count("anxin-bureau", "Gateways offline", ctx, "gateways_offline"))
        .isEqualTo(gatewaysOffline);
    Map<String, Long> shown = new TreeMap<>();
    for (Map<String, Object> r :
        rows("anxin-bureau", "Active alerts by severity (end of period)", ctx)) {
      shown.put((String) r.get("severity"), ((Number) r.get("alerts")).longValue());
    }
    assertThat(shown).isEqualTo(bySeverity);
    assertThat(online)
        .as("some devices online, some not")
        .isStrictlyBetween(0L, (long) active.size());
    assertThat(lowBattery).isPositive();
    assertThat(gatewaysOffline).isGreaterThanOrEqualTo(4);
  }

  @Test
  void outboxPanels_showTheBacklogAndFailuresByChannel() throws Exception {
    Context ctx = context(Dashboards.byUid("anxin-platform-ops"), v -> v.values());
    Map<String, Integer> shown = new TreeMap<>();
    for (Map<String, Object> r :
        rows("anxin-platform-ops", "Outbox backlog by channel (end of period)", ctx)) {
      shown.put(r.get("channel") + " pending", ((Number) r.get("backlog")).intValue());
    }
    for (Map<String, Object> r : rows("anxin-platform-ops", "Delivery failures by channel", ctx)) {
      shown.merge(r.get("metric") + " failed", ((Number) r.get("failed")).intValue(), Integer::sum);
    }
    Map<String, Integer> truth = new TreeMap<>(month.outbox);
    truth.keySet().removeIf(k -> k.endsWith(" delivered"));
    assertThat(shown).isEqualTo(truth);
    assertThat(truth.keySet()).contains("sms failed", "console pending");
  }

  @Test
  void gatewayBacklogs_showEveryGatewaysLatestStatus_ofTheSelectedFacilities() throws Exception {
    Set<String> qiubei = facilitiesOf("丘北县");
    for (boolean oneCounty : new boolean[] {false, true}) {
      Context ctx =
          context(
              Dashboards.byUid("anxin-device-health"),
              v -> oneCounty && v.name().equals("county") ? List.of("丘北县") : v.values());
      Map<String, String> names = new TreeMap<>();
      SimulatedMonth.FACILITIES.forEach(f -> names.put(f.id(), f.name()));
      Map<String, String> truth = new TreeMap<>();
      for (SimulatedMonth.GenGatewayStatus g : month.gatewayStatuses) {
        if (!oneCounty || qiubei.contains(g.facility())) {
          truth.put(
              names.get(g.facility()) + " " + g.gateway(),
              (g.online() ? "online" : "offline")
                  + " queued="
                  + g.queued()
                  + " ver="
                  + g.version()
                  + " alarms="
                  + (g.localAlarms() == null ? 0 : g.localAlarms()));
        }
      }
      Map<String, String> shown = new TreeMap<>();
      List<Map<String, Object>> rows = rows("anxin-device-health", "Gateway backlogs", ctx);
      for (Map<String, Object> r : rows) {
        Object queued = r.get("queued");
        shown.put(
            r.get("facility") + " " + r.get("gateway"),
            r.get("state")
                + " queued="
                + (queued == null ? null : ((Number) queued).longValue())
                + " ver="
                + r.get("version")
                + " alarms="
                + ((Number) r.get("local_alarms")).intValue());
        assertThat(((Number) r.get("last_status_age_s")).longValue()).isPositive();
      }
      assertThat(shown).isEqualTo(truth);
      List<Long> queuedOrder =
          rows.stream()
              .map(r -> (Number) r.get("queued"))
              .filter(java.util.Objects::nonNull)
              .map(Number::longValue)
              .toList();
      assertThat(queuedOrder)
          .as("largest backlog first")
          .isSortedAccordingTo((a, b) -> b.compareTo(a));
    }
    assertThat(month.gatewayStatuses)
        .as("the month has backlogs, an offline gateway, a Last Will only and local alarms")
        .anyMatch(g -> g.queued() != null && g.queued() > 0)
        .anyMatch(g -> !g.online())
        .anyMatch(g -> g.queued() == null)
        .anyMatch(g -> g.localAlarms() != null);
  }

  @Test
  void facilityDay_countsP1AlertsOnTheFacilitysLocalDay() throws Exception {
    ZoneId shanghai = ZoneId.of("Asia/Shanghai");
    Map<String, Long> truth = new TreeMap<>();
    for (GenAlert a : month.alerts) {
      if (a.alert().severity() == Severity.P1) {
        LocalDate day = LocalDate.ofInstant(a.alert().openedAt(), shanghai);
        truth.merge(a.alert().facility() + " " + day, 1L, Long::sum);
      }
    }
    Map<String, Long> shown = new TreeMap<>();
    for (Map<String, Object> r :
        query(
            "SELECT facility_id || ' ' || day AS k, p1_alerts FROM kpi_facility_day WHERE p1_alerts > 0")) {
      shown.put((String) r.get("k"), ((Number) r.get("p1_alerts")).longValue());
    }
    assertThat(shown).isEqualTo(truth);
  }

  // ------------------------------------------------------------------ ground truth

  private static List<GenAlert> inPeriod(Predicate<GenAlert> which) {
    return month.alerts.stream()
        .filter(a -> !a.alert().openedAt().isBefore(FROM) && !a.alert().openedAt().isAfter(TO))
        .filter(which)
        .toList();
  }

  private static Set<String> facilitiesOf(String county) {
    return SimulatedMonth.FACILITIES.stream()
        .filter(f -> f.county().equals(county))
        .map(SimulatedMonth.Facility::id)
        .collect(Collectors.toSet());
  }

  private boolean activeAtEnd(GenAlert a) {
    Instant resolved = a.alert().resolvedAt();
    return !a.alert().openedAt().isAfter(TO) && (resolved == null || resolved.isAfter(TO));
  }

  private List<GenEvent> eventsAtEnd(GenDevice d) {
    return month.events.stream()
        .filter(e -> e.device().equals(d.id()) && !e.at().isAfter(TO))
        .toList();
  }

  private boolean onlineAtEnd(GenDevice d) {
    Instant since = TO.minus(Duration.ofSeconds(3L * d.heartbeatS()));
    return eventsAtEnd(d).stream().anyMatch(e -> !e.at().isBefore(since));
  }

  private Integer batteryAtEnd(GenDevice d) {
    GenEvent latest = null;
    for (GenEvent e : eventsAtEnd(d)) {
      if (e.bat() != null && (latest == null || e.at().isAfter(latest.at()))) {
        latest = e;
      }
    }
    return latest == null ? null : latest.bat();
  }

  /** The KPIs of a set of alerts, computed here from the generated records. */
  record Kpis(long p1, Double median, Double p90, Double within60, long family, long unanswered) {
    static Kpis of(List<GenAlert> alerts) {
      List<Double> ack = new ArrayList<>();
      long p1 = 0;
      long due = 0;
      long in60 = 0;
      long family = 0;
      long unanswered = 0;
      Instant tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10));
      for (GenAlert g : alerts) {
        var a = g.alert();
        Double s =
            a.acknowledgedAt() == null
                ? null
                : Duration.between(a.openedAt(), a.acknowledgedAt()).toMillis() / 1000.0;
        if (a.severity() == Severity.P1) {
          p1++;
          if (s != null) {
            ack.add(s);
          }
          if (!(s == null && a.outcome() == AlertOutcome.CANCELLED_BY_RESIDENT)) {
            due++;
            if (s != null && s <= 60) {
              in60++;
            }
          }
        }
        if (g.familyNotified()) {
          family++;
        }
        boolean endedWithoutAnyone =
            a.resolvedAt() != null
                && (a.outcome() == AlertOutcome.AUTO_CLEARED || a.outcome() == AlertOutcome.OTHER);
        boolean stillOpen = a.resolvedAt() == null && a.openedAt().isBefore(tenMinutesAgo);
        if (a.severity() != Severity.P3 && s == null && (endedWithoutAnyone || stillOpen)) {
          unanswered++;
        }
      }
      return new Kpis(
          p1,
          percentile(ack, 0.5),
          percentile(ack, 0.9),
          due == 0 ? null : (double) in60 / due,
          family,
          unanswered);
    }

    /** Linear interpolation between closest ranks, as PostgreSQL's percentile_cont. */
    static Double percentile(List<Double> values, double p) {
      if (values.isEmpty()) {
        return null;
      }
      List<Double> v = values.stream().sorted().toList();
      double pos = p * (v.size() - 1);
      int lo = (int) Math.floor(pos);
      int hi = (int) Math.ceil(pos);
      return v.get(lo) + (pos - lo) * (v.get(hi) - v.get(lo));
    }
  }

  private static void assertKpis(Map<String, Object> row, Kpis truth, Object who) {
    assertThat(((Number) row.get("p1_alerts")).longValue()).as("%s p1", who).isEqualTo(truth.p1);
    assertThat(asDouble(row.get("p1_ack_median_s")))
        .as("%s median", who)
        .isCloseTo(truth.median, within(EPS));
    assertThat(asDouble(row.get("p1_ack_p90_s")))
        .as("%s p90", who)
        .isCloseTo(truth.p90, within(EPS));
    assertThat(asDouble(row.get("p1_within_60s")))
        .as("%s within 60 s", who)
        .isCloseTo(truth.within60, within(EPS));
    assertThat(((Number) row.get("family_escalations")).longValue())
        .as("%s family", who)
        .isEqualTo(truth.family);
    assertThat(((Number) row.get("unanswered")).longValue())
        .as("%s unanswered", who)
        .isEqualTo(truth.unanswered);
  }

  private static Double asDouble(Object o) {
    return o == null ? null : ((Number) o).doubleValue();
  }

  // ------------------------------------------------------------------ running panels

  /**
   * The dashboard's variables as Grafana would set them: each variable's query is run in order with
   * the variables before it, and {@code pick} chooses from its options (all of them = "All").
   */
  private static Context context(
      JsonNode dashboard, java.util.function.Function<Options, List<String>> pick)
      throws SQLException {
    Map<String, Variable> vars = new LinkedHashMap<>();
    for (JsonNode v : dashboard.path("templating").path("list")) {
      Context sofar = new Context(FROM, TO, Duration.ofHours(1), vars, false);
      List<String> options = new ArrayList<>();
      for (Map<String, Object> r : query(GrafanaSql.expand(v.path("query").asText(), sofar))) {
        Object value = r.containsKey("__value") ? r.get("__value") : r.values().iterator().next();
        options.add(String.valueOf(value));
      }
      boolean multi = v.path("multi").asBoolean() || v.path("includeAll").asBoolean();
      List<String> chosen = pick.apply(new Options(v.path("name").asText(), options));
      if (!multi) {
        chosen = List.of(chosen.get(0));
      }
      vars.put(v.path("name").asText(), new Variable(chosen, multi));
    }
    return new Context(FROM, TO, Duration.ofHours(1), vars, false);
  }

  record Options(String name, List<String> values) {}

  private static List<Map<String, Object>> rows(String uid, String title, Context ctx)
      throws SQLException {
    Target t =
        Dashboards.targets(Dashboards.byUid(uid)).stream()
            .filter(x -> x.panelTitle().equals(title))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no panel " + title + " in " + uid));
    return query(GrafanaSql.expand(t.query(), ctx));
  }

  private static Number number(String uid, String title, Context ctx, String column)
      throws SQLException {
    List<Map<String, Object>> r = rows(uid, title, ctx);
    assertThat(r).as(title).hasSize(1);
    return (Number) r.get(0).get(column);
  }

  private static long count(String uid, String title, Context ctx, String column)
      throws SQLException {
    return number(uid, title, ctx, column).longValue();
  }

  private static Double decimal(String uid, String title, Context ctx, String column)
      throws SQLException {
    return asDouble(number(uid, title, ctx, column));
  }

  private static List<Map<String, Object>> checkColumns(
      Target t, Context ctx, List<String> expected) throws SQLException {
    assertThat(expected)
        .as("%s (%s) declares its columns in expected-columns.json", t.key(), t.panelTitle())
        .isNotNull();
    String sql = GrafanaSql.expand(t.query(), ctx);
    try (Connection c = db.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        names.add(md.getColumnLabel(i));
      }
      assertThat(names)
          .as("%s (%s) columns of%n%s", t.key(), t.panelTitle(), sql)
          .isEqualTo(expected);
      if ("time_series".equals(t.format())) {
        assertThat(md.getColumnType(1))
            .as("%s: time column is a timestamp or epoch number", t.key())
            .isIn(Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.DOUBLE, Types.NUMERIC);
        for (int i = 2; i <= md.getColumnCount(); i++) {
          if (!md.getColumnLabel(i).equals("metric")) {
            assertThat(md.getColumnType(i))
                .as("%s: %s is numeric", t.key(), md.getColumnLabel(i))
                .isIn(Types.BIGINT, Types.INTEGER, Types.DOUBLE, Types.NUMERIC, Types.REAL);
          }
        }
      }
      return read(rs);
    } catch (SQLException e) {
      throw new AssertionError(
          t.key() + " (" + t.panelTitle() + ") failed: " + e.getMessage() + "\n" + sql, e);
    }
  }

  private static List<Map<String, Object>> query(String sql) throws SQLException {
    try (Connection c = db.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return read(rs);
    }
  }

  private static List<Map<String, Object>> read(ResultSet rs) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    ResultSetMetaData md = rs.getMetaData();
    while (rs.next()) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        row.put(md.getColumnLabel(i), rs.getObject(i));
      }
      out.add(row);
    }
    return out;
  }
}
