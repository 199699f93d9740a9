package anxin.platform.report;

import anxin.platform.report.MonthlyReport.Day;
import anxin.platform.report.MonthlyReport.Kpis;
import anxin.platform.report.MonthlyReport.Row;
import anxin.platform.report.MonthlyReport.Scope;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Reads a {@link MonthlyReport} from the KPI views the dashboards read ({@code kpi_alert}, {@code
 * kpi_facility_day}, {@code kpi_device_status(t)}, {@code kpi_gateways_offline(t)}), with the same
 * expressions as the Bureau overview's "By facility" and "By county" panels, so that the report and
 * the dashboards cannot disagree. The month is taken in each facility's zone: {@code local_day} of
 * {@code kpi_alert} is the facility-local day of opening.
 */
public final class JdbcReportSource {

  /** The facilities in scope; parameters: region twice, county twice. */
  private static final String SCOPE =
      "WITH f AS (SELECT id, name, coalesce(county, '') AS county, zone FROM facility"
          + " WHERE (CAST(? AS text) IS NULL OR region = ?)"
          + " AND (CAST(? AS text) IS NULL OR county = ?)) ";

  /** Facility rows, county rows and the total in one pass; then first day, day after the month. */
  private static final String PERIOD =
      SCOPE
          + "SELECT grouping(f.county, f.id, f.name) AS g, f.county, f.id, f.name,"
          + " count(a.id) FILTER (WHERE a.severity = 'P1') AS p1_alerts,"
          + " count(a.id) FILTER (WHERE a.p1_due) AS p1_due,"
          + " count(a.id) FILTER (WHERE a.p1_due AND a.ack_s <= 60) AS p1_within_60s,"
          + " percentile_cont(0.5) WITHIN GROUP (ORDER BY a.ack_s)"
          + "   FILTER (WHERE a.severity = 'P1') AS p1_ack_median_s,"
          + " percentile_cont(0.9) WITHIN GROUP (ORDER BY a.ack_s)"
          + "   FILTER (WHERE a.severity = 'P1') AS p1_ack_p90_s,"
          + " count(a.id) FILTER (WHERE a.family_escalated) AS family_escalations,"
          + " count(a.id) FILTER (WHERE a.unanswered AND a.severity IN ('P1', 'P2'))"
          + "   AS unanswered"
          + " FROM f LEFT JOIN kpi_alert a ON a.facility_id = f.id"
          + "   AND a.local_day >= ? AND a.local_day < ?"
          + " GROUP BY GROUPING SETS ((f.county, f.id, f.name), (f.county), ())"
          + " ORDER BY f.county, f.name";

  /**
   * Device and gateway state per facility at the end of the month in its zone (midnight starting
   * the next month), or at the report's time when that is earlier; then day after, report time.
   */
  private static final String STATE =
      SCOPE
          + "SELECT f.id, f.county, f.zone, t.as_of, s.devices, s.online, s.low_battery, g.offline"
          + " FROM f"
          + " CROSS JOIN LATERAL (SELECT least((CAST(? AS date))::timestamp AT TIME ZONE f.zone,"
          + "   CAST(? AS timestamptz)) AS as_of) t"
          + " CROSS JOIN LATERAL (SELECT count(*) AS devices,"
          + "   count(*) FILTER (WHERE d.online) AS online,"
          + "   count(*) FILTER (WHERE d.low_battery) AS low_battery"
          + "   FROM kpi_device_status(t.as_of) d WHERE d.facility_id = f.id) s"
          + " CROSS JOIN LATERAL (SELECT count(*) AS offline"
          + "   FROM kpi_gateways_offline(t.as_of) w WHERE w.facility_id = f.id) g";

  /** The daily trend; then first day, day after the month. */
  private static final String DAYS =
      SCOPE
          + "SELECT d.day, sum(d.p1_alerts) AS p1_alerts, sum(d.p1_due) AS p1_due,"
          + " sum(d.p1_ack_within_60s) AS p1_within_60s"
          + " FROM kpi_facility_day d JOIN f ON f.id = d.facility_id"
          + " WHERE d.day >= ? AND d.day < ? GROUP BY d.day ORDER BY d.day";

  private final DataSource db;

  public JdbcReportSource(DataSource db) {
    this.db = db;
  }

  /**
   * The month's report, or empty when no facility is in scope.
   *
   * @param now the report's time: the state of the current month is taken then
   */
  public Optional<MonthlyReport> load(YearMonth month, Scope scope, Instant now)
      throws SQLException {
    LocalDate first = month.atDay(1);
    LocalDate next = month.plusMonths(1).atDay(1);
    try (Connection c = db.getConnection()) {
      c.setReadOnly(true);
      // One snapshot for the three queries, so the trend adds up to the tables.
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setAutoCommit(false);
      try {
        Map<String, State> state = state(c, scope, next, now);
        if (state.isEmpty()) {
          return Optional.empty();
        }
        Kpis total = null;
        List<Row> counties = new ArrayList<>();
        List<Row> facilities = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PERIOD)) {
          int i = bindScope(ps, scope);
          ps.setDate(i++, Date.valueOf(first));
          ps.setDate(i, Date.valueOf(next));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              Kpis k = kpis(rs);
              switch (rs.getInt("g")) {
                case 0 -> {
                  State s = state.get(rs.getString("id"));
                  facilities.add(
                      new Row(
                          rs.getString("county"),
                          rs.getString("id"),
                          rs.getString("name"),
                          s.zone,
                          s.asOf,
                          s.applyTo(k)));
                }
                case 3 -> {
                  String county = rs.getString("county");
                  State s = State.sum(state.values(), v -> county.equals(v.county));
                  counties.add(new Row(county, null, null, s.zone, s.asOf, s.applyTo(k)));
                }
                default -> total = State.sum(state.values(), v -> true).applyTo(k);
              }
            }
          }
        }
        List<Day> days = days(c, scope, first, next);
        return Optional.of(new MonthlyReport(month, scope, now, total, counties, facilities, days));
      } finally {
        c.rollback();
      }
    }
  }

  /** Every region and its counties, "文山州: 丘北县, 砚山县", for a message naming what exists. */
  public List<String> knownScopes() throws SQLException {
    Map<String, TreeSet<String>> byRegion = new LinkedHashMap<>();
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT DISTINCT coalesce(region, '(no region)'), coalesce(county, '(no county)')"
                    + " FROM facility ORDER BY 1, 2");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        byRegion.computeIfAbsent(rs.getString(1), r -> new TreeSet<>()).add(rs.getString(2));
      }
    }
    List<String> out = new ArrayList<>();
    byRegion.forEach((r, cs) -> out.add(r + ": " + String.join(", ", cs)));
    return out;
  }

  private static Map<String, State> state(Connection c, Scope scope, LocalDate next, Instant now)
      throws SQLException {
    Map<String, State> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(STATE)) {
      int i = bindScope(ps, scope);
      ps.setDate(i++, Date.valueOf(next));
      ps.setTimestamp(i, Timestamp.from(now));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString("id");
          out.put(
              id,
              new State(
                  rs.getString("county"),
                  java.time.ZoneId.of(rs.getString("zone")),
                  rs.getTimestamp("as_of").toInstant(),
                  rs.getLong("devices"),
                  rs.getLong("online"),
                  rs.getLong("low_battery"),
                  rs.getLong("offline")));
        }
      }
    }
    return out;
  }

  private static List<Day> days(Connection c, Scope scope, LocalDate first, LocalDate next)
      throws SQLException {
    Map<LocalDate, Day> found = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(DAYS)) {
      int i = bindScope(ps, scope);
      ps.setDate(i++, Date.valueOf(first));
      ps.setDate(i, Date.valueOf(next));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          LocalDate day = rs.getDate("day").toLocalDate();
          found.put(
              day,
              new Day(
                  day, rs.getLong("p1_alerts"), rs.getLong("p1_due"), rs.getLong("p1_within_60s")));
        }
      }
    }
    List<Day> out = new ArrayList<>();
    for (LocalDate d = first; d.isBefore(next); d = d.plusDays(1)) {
      out.add(found.getOrDefault(d, new Day(d, 0, 0, 0)));
    }
    return out;
  }

  private static int bindScope(PreparedStatement ps, Scope scope) throws SQLException {
    ps.setString(1, scope.region());
    ps.setString(2, scope.region());
    ps.setString(3, scope.county());
    ps.setString(4, scope.county());
    return 5;
  }

  private static Kpis kpis(ResultSet rs) throws SQLException {
    return new Kpis(
        rs.getLong("p1_alerts"),
        rs.getLong("p1_due"),
        rs.getLong("p1_within_60s"),
        nullableDouble(rs, "p1_ack_median_s"),
        nullableDouble(rs, "p1_ack_p90_s"),
        rs.getLong("family_escalations"),
        rs.getLong("unanswered"),
        0,
        0,
        0,
        0);
  }

  private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  /** A facility's (or a sum of facilities') devices and gateways at the end of the month. */
  private record State(
      String county,
      java.time.ZoneId zone,
      Instant asOf,
      long devices,
      long online,
      long lowBattery,
      long gateways) {

    Kpis applyTo(Kpis k) {
      return k.withState(devices, online, lowBattery, gateways);
    }

    static State sum(java.util.Collection<State> all, java.util.function.Predicate<State> which) {
      Instant asOf = null;
      java.util.Set<java.time.ZoneId> zones = new java.util.HashSet<>();
      long devices = 0;
      long online = 0;
      long low = 0;
      long gateways = 0;
      for (State s : all) {
        if (which.test(s)) {
          asOf = asOf == null || s.asOf.isAfter(asOf) ? s.asOf : asOf;
          zones.add(s.zone);
          devices += s.devices;
          online += s.online;
          low += s.lowBattery;
          gateways += s.gateways;
        }
      }
      java.time.ZoneId zone = zones.size() == 1 ? zones.iterator().next() : null;
      return new State(null, zone, asOf, devices, online, low, gateways);
    }
  }
}
