package anxin.alerting.store;

import anxin.alerting.Alert;
import anxin.alerting.AlertOutcome;
import anxin.alerting.AlertState;
import anxin.alerting.RuleId;
import anxin.alerting.Severity;
import anxin.alerting.Timeline;
import anxin.alerting.TimelineEntry;
import anxin.alerting.outbox.JdbcOutbox;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Alerts, timelines and the alerting core's progress in PostgreSQL. {@link #write} stores one
 * {@link Write} (alert snapshots, new timeline entries, the notifications they caused, how far the
 * core got) in a single transaction; the read methods give back what start-up and the API need.
 */
public final class JdbcAlertStore {

  private static final TypeReference<List<String>> NOTES = new TypeReference<>() {};

  /**
   * One alert's latest snapshot.
   *
   * @param alert the snapshot
   * @param escalationStep the highest escalation step taken so far, 0 for none
   */
  public record AlertRow(Alert alert, int escalationStep) {
    public AlertRow {
      Objects.requireNonNull(alert, "alert");
    }
  }

  /**
   * A timeline entry with its position.
   *
   * @param alertId the alert
   * @param n its 0-based position in the alert's timeline
   * @param entry the entry
   */
  public record TimelineRow(String alertId, int n, TimelineEntry entry) {
    public TimelineRow {
      Objects.requireNonNull(alertId, "alertId");
      Objects.requireNonNull(entry, "entry");
    }
  }

  /**
   * What one transaction stores.
   *
   * @param alerts snapshots to insert or replace
   * @param timeline new timeline entries; an entry already stored at its position is left alone
   * @param notifications outbox rows; a dedup key already stored is left alone
   * @param processedUntil how far the core got, or null to leave it
   */
  public record Write(
      List<AlertRow> alerts,
      List<TimelineRow> timeline,
      List<JdbcOutbox.Row> notifications,
      Instant processedUntil) {
    public Write {
      alerts = List.copyOf(alerts);
      timeline = List.copyOf(timeline);
      notifications = List.copyOf(notifications);
    }

    /** True when it would store nothing. */
    public boolean isEmpty() {
      return alerts.isEmpty()
          && timeline.isEmpty()
          && notifications.isEmpty()
          && processedUntil == null;
    }
  }

  /**
   * An alert with its timeline.
   *
   * @param alert the snapshot
   * @param timeline its entries, oldest first
   */
  public record Stored(Alert alert, Timeline timeline) {}

  /**
   * A transaction that carries pages due now commits without waiting for its WAL to reach the disk,
   * so that the pages leave at once: that wait was about half of the transaction on a quiet machine
   * (7.5 -> 3-4 ms, docs/benchmarks.md; under load the transaction's time is CPU, not the disk).
   * The rows are written, visible and in the database's WAL before the page leaves; a crash or
   * restart of this process loses nothing. Only a crash of the database server within a fraction of
   * a second (three {@code wal_writer_delay}s at most) can lose the transaction: the page has gone
   * all the same; the alert's row comes back with its next change, without the record of its
   * opening and first page; and if this process restarts before that, the replay of the events (the
   * progress was lost too) opens the alert again and pages twice, never not at all.
   */
  private static final String PAGING_COMMIT = "SET LOCAL synchronous_commit = off";

  private final DataSource dataSource;
  private final Clock clock;

  /**
   * @param dataSource connections in auto-commit mode; the schema migrated by {@link
   *     JdbcOutbox#migrate}
   * @param clock stamps {@code updated_at} and the outbox's {@code created_at}
   */
  public JdbcAlertStore(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Stores {@code w} in one transaction: all of it, or nothing. New notifications already due are
   * claimed in that transaction ({@link JdbcOutbox#insertClaimingDue}).
   *
   * @return the notifications claimed: hand them to {@link
   *     anxin.alerting.outbox.OutboxDispatcher#sendNow} once this returns
   */
  public List<JdbcOutbox.Claimed> write(Write w) throws SQLException {
    if (w.isEmpty()) {
      return List.of();
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Instant now = clock.instant();
        upsertAlerts(c, w.alerts(), now);
        insertTimeline(c, w.timeline());
        List<JdbcOutbox.Claimed> claimed = JdbcOutbox.insertClaimingDue(c, w.notifications(), now);
        if (w.processedUntil() != null) {
          progress(c, w.processedUntil());
        }
        if (!claimed.isEmpty()) {
          try (Statement s = c.createStatement()) {
            s.execute(PAGING_COMMIT);
          }
        }
        c.commit();
        return claimed;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        resetQuietly(c);
      }
    }
  }

  /** How far the core got: every event received at or before it has been evaluated. */
  public Optional<Instant> processedUntil() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT processed_until FROM alerting_progress WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
    }
  }

  /**
   * The alerts start-up puts back: every active one, and those resolved at or after {@code
   * resolvedSince} (so that replayed events recognise what they already did), each with its
   * timeline.
   */
  public List<Stored> loadForRecovery(Instant resolvedSince) throws SQLException {
    String sql =
        "SELECT * FROM alert WHERE state <> 'resolved'"
            + " UNION ALL SELECT * FROM alert WHERE state = 'resolved' AND resolved_at >= ?"
            + " ORDER BY opened_at";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(resolvedSince));
      List<Alert> alerts = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          alerts.add(alert(rs));
        }
      }
      Map<String, List<TimelineEntry>> timelines = timelines(c, alerts);
      List<Stored> out = new ArrayList<>(alerts.size());
      for (Alert a : alerts) {
        out.add(new Stored(a, new Timeline(a.id(), timelines.getOrDefault(a.id(), List.of()))));
      }
      return out;
    }
  }

  /** One alert with its timeline, if stored. */
  public Optional<Stored> find(String alertId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT * FROM alert WHERE id = ?")) {
      ps.setString(1, alertId);
      Alert a;
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        a = alert(rs);
      }
      List<TimelineEntry> t = timelines(c, List.of(a)).getOrDefault(a.id(), List.of());
      return Optional.of(new Stored(a, new Timeline(a.id(), t)));
    }
  }

  /**
   * Alerts newest first, each with the highest escalation step taken.
   *
   * @param facilities only these facilities; null for every one
   * @param state only this state; null for any
   * @param since only alerts opened at or after it, or still active; null for no bound
   * @param limit at most this many (1..1000)
   */
  public List<AlertRow> list(
      java.util.Collection<String> facilities, AlertState state, Instant since, int limit)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT * FROM alert WHERE true");
    List<Object> args = new ArrayList<>();
    if (facilities != null) {
      sql.append(" AND facility_id = ANY (?)");
      args.add(facilities.toArray(String[]::new));
    }
    if (state != null) {
      sql.append(" AND state = ?");
      args.add(state.wireName());
    }
    if (since != null) {
      sql.append(" AND (opened_at >= ? OR state <> 'resolved')");
      args.add(Timestamp.from(since));
    }
    sql.append(" ORDER BY opened_at DESC LIMIT ?");
    args.add(Math.max(1, Math.min(limit, 1000)));
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        Object a = args.get(i);
        if (a instanceof String[] array) {
          ps.setArray(i + 1, c.createArrayOf("text", array));
        } else {
          ps.setObject(i + 1, a);
        }
      }
      List<AlertRow> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new AlertRow(alert(rs), rs.getInt("escalation_step")));
        }
      }
      return out;
    }
  }

  /**
   * How many alerts of one rule were opened in a period, and how many of them are still active.
   *
   * @param rule the rule
   * @param opened alerts opened in the period, at least 1
   * @param active of those, how many are open or acknowledged now
   */
  public record RuleCount(RuleId rule, int opened, int active) {
    public RuleCount {
      Objects.requireNonNull(rule, "rule");
    }
  }

  /**
   * A facility as ingest provisions it (table {@code facility}).
   *
   * @param id facility id
   * @param name its display name
   */
  public record Facility(String id, String name) {}

  /**
   * The alerts of a severity that the facility opened in {@code [from, until)}, counted by rule,
   * most first (then by rule name). Reads the database, not the alert book: resolved alerts leave
   * memory after 10 minutes.
   */
  public List<RuleCount> countOpened(
      String facility, Severity severity, Instant from, Instant until) throws SQLException {
    String sql =
        "SELECT rule, count(*), count(*) FILTER (WHERE state <> 'resolved') FROM alert"
            + " WHERE facility_id = ? AND severity = ? AND opened_at >= ? AND opened_at < ?"
            + " GROUP BY rule ORDER BY count(*) DESC, rule";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, facility);
      ps.setString(2, severity.name());
      ps.setTimestamp(3, ts(from));
      ps.setTimestamp(4, ts(until));
      List<RuleCount> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String rule = rs.getString(1);
          out.add(
              new RuleCount(
                  RuleId.fromWireName(rule)
                      .orElseThrow(() -> new SQLException("unknown rule " + rule)),
                  rs.getInt(2),
                  rs.getInt(3)));
        }
      }
      return out;
    }
  }

  /** Every provisioned facility (ingest's {@code facility} table), by id. */
  public List<Facility> facilities() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id, name FROM facility ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      List<Facility> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new Facility(rs.getString(1), rs.getString(2)));
      }
      return out;
    }
  }

  private static Map<String, List<TimelineEntry>> timelines(Connection c, List<Alert> alerts)
      throws SQLException {
    Map<String, List<TimelineEntry>> out = new HashMap<>();
    if (alerts.isEmpty()) {
      return out;
    }
    String sql =
        "SELECT alert_id, at, actor, kind, detail::text FROM alert_timeline"
            + " WHERE alert_id = ANY (?) ORDER BY alert_id, n";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("text", alerts.stream().map(Alert::id).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(
                  TimelineJson.read(
                      rs.getString(4),
                      rs.getTimestamp(2).toInstant(),
                      rs.getString(3),
                      rs.getString(5)));
        }
      }
    }
    return out;
  }

  private static void upsertAlerts(Connection c, List<AlertRow> rows, Instant now)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    String sql =
        "INSERT INTO alert (id, facility_id, rule, severity, subject, device_id, resident_id,"
            + " room, state, outcome, trigger_count, opened_at, first_seen, last_seen,"
            + " delayed_ms, notes, acknowledged_at, acknowledged_by, resolved_at, resolved_by,"
            + " resolution_note, escalation_step, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state,"
            + " outcome = EXCLUDED.outcome, trigger_count = EXCLUDED.trigger_count,"
            + " last_seen = EXCLUDED.last_seen, notes = EXCLUDED.notes,"
            + " acknowledged_at = EXCLUDED.acknowledged_at,"
            + " acknowledged_by = EXCLUDED.acknowledged_by, resolved_at = EXCLUDED.resolved_at,"
            + " resolved_by = EXCLUDED.resolved_by, resolution_note = EXCLUDED.resolution_note,"
            + " escalation_step = GREATEST(alert.escalation_step, EXCLUDED.escalation_step),"
            + " updated_at = EXCLUDED.updated_at";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (AlertRow row : rows) {
        Alert a = row.alert();
        ps.setString(1, a.id());
        ps.setString(2, a.facility());
        ps.setString(3, a.rule().wireName());
        ps.setString(4, a.severity().name());
        ps.setString(5, a.subject());
        ps.setString(6, a.device());
        ps.setString(7, a.resident());
        ps.setString(8, a.room());
        ps.setString(9, a.state().wireName());
        ps.setString(10, a.outcome() == null ? null : a.outcome().wireName());
        ps.setInt(11, a.count());
        ps.setTimestamp(12, ts(a.openedAt()));
        ps.setTimestamp(13, ts(a.firstSeen() != null ? a.firstSeen() : a.openedAt()));
        ps.setTimestamp(14, ts(a.lastSeen() != null ? a.lastSeen() : a.openedAt()));
        ps.setLong(15, a.delayed().toMillis());
        ps.setString(16, json(a.notes()));
        ps.setTimestamp(17, ts(a.acknowledgedAt()));
        ps.setString(18, a.acknowledgedBy());
        ps.setTimestamp(19, ts(a.resolvedAt()));
        ps.setString(20, a.resolvedBy());
        ps.setString(21, a.resolutionNote());
        ps.setInt(22, row.escalationStep());
        ps.setTimestamp(23, ts(now));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void insertTimeline(Connection c, List<TimelineRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    String sql =
        "INSERT INTO alert_timeline (alert_id, n, at, actor, kind, detail)"
            + " VALUES (?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (TimelineRow row : rows) {
        ps.setString(1, row.alertId());
        ps.setInt(2, row.n());
        ps.setTimestamp(3, ts(row.entry().at()));
        ps.setString(4, row.entry().actor());
        ps.setString(5, TimelineJson.kind(row.entry()));
        ps.setString(6, TimelineJson.detail(row.entry()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void progress(Connection c, Instant until) throws SQLException {
    String sql =
        "INSERT INTO alerting_progress (id, processed_until) VALUES (1, ?)"
            + " ON CONFLICT (id) DO UPDATE SET processed_until ="
            + " GREATEST(alerting_progress.processed_until, EXCLUDED.processed_until)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, ts(until));
      ps.executeUpdate();
    }
  }

  private static Alert alert(ResultSet rs) throws SQLException {
    String outcome = rs.getString("outcome");
    String rule = rs.getString("rule");
    String state = rs.getString("state");
    List<String> notes;
    try {
      notes = TimelineJson.JSON.readValue(rs.getString("notes"), NOTES);
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable notes of alert " + rs.getString("id"), e);
    }
    return new Alert(
        rs.getString("id"),
        rs.getString("facility_id"),
        RuleId.fromWireName(rule).orElseThrow(() -> new SQLException("unknown rule " + rule)),
        Severity.valueOf(rs.getString("severity")),
        rs.getString("subject"),
        rs.getString("device_id"),
        rs.getString("resident_id"),
        rs.getString("room"),
        AlertState.fromWireName(state)
            .orElseThrow(() -> new SQLException("unknown state " + state)),
        outcome == null
            ? null
            : AlertOutcome.fromWireName(outcome)
                .orElseThrow(() -> new SQLException("unknown outcome " + outcome)),
        rs.getInt("trigger_count"),
        instant(rs, "opened_at"),
        instant(rs, "first_seen"),
        instant(rs, "last_seen"),
        Duration.ofMillis(rs.getLong("delayed_ms")),
        notes,
        instant(rs, "acknowledged_at"),
        rs.getString("acknowledged_by"),
        instant(rs, "resolved_at"),
        rs.getString("resolved_by"),
        rs.getString("resolution_note"));
  }

  private static String json(Object value) throws SQLException {
    try {
      return TimelineJson.JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new SQLException("cannot write JSON", e);
    }
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void resetQuietly(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException e) {
      // the connection is broken; the pool discards it
    }
  }
}
