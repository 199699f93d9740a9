package anxin.alerting.outbox;

import anxin.alerting.NotificationIntent;
import anxin.alerting.notify.OutgoingMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The outbox in PostgreSQL, table {@code notification_outbox}. {@link #enqueue} is for escalation;
 * the package-private claim and record methods are the {@link OutboxDispatcher}'s.
 */
public final class JdbcOutbox implements Outbox {

  /** Flyway location of the alerting schema. */
  static final String LOCATION = "classpath:db/alerting";

  /**
   * Flyway history table of the alerting schema, apart from ingest's {@code flyway_schema_history}.
   */
  static final String HISTORY_TABLE = "alerting_schema_history";

  /** Longest stored {@code last_error}. */
  private static final int MAX_ERROR_CHARS = 300;

  /** Runs of 7 or more digits (phone numbers, with or without +): never stored. */
  private static final Pattern LONG_NUMBER = Pattern.compile("\\+?\\d{7,}");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {};

  private static final String COLUMNS =
      "dedup_key, channel, address, language, kind, params, attempts, due";

  private final DataSource dataSource;
  private final Clock clock;

  /**
   * @param dataSource connections in auto-commit mode; the schema migrated by {@link #migrate}
   * @param clock stamps {@code created_at} and {@code delivered_at}
   */
  public JdbcOutbox(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Migrates the alerting schema from {@code classpath:db/alerting}, with its own history table
   * {@code alerting_schema_history} so that it shares a database with ingest's migrations. A
   * database that already has other tables is baselined at version 0, so V1 still runs.
   */
  public static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations(LOCATION)
        .table(HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  @Override
  public int enqueue(List<NotificationIntent> intents) throws OutboxException {
    if (intents.isEmpty()) {
      return 0;
    }
    return insertInTransaction(intents.stream().map(Row::pending).map(Stored::of).toList());
  }

  /**
   * A notification to store, with the state it is stored in: {@link OutboxState#PENDING} for the
   * dispatcher to send, or the outcome of a send that happened while the database was unreachable
   * (see {@code anxin.alerting.core.DirectSender}).
   *
   * @param intent the notification
   * @param state where it is; never {@link OutboxState#SENDING}
   * @param attempts sends already made
   * @param lastError the last failure's reason, or null
   * @param at when it was delivered or failed; null while pending
   */
  public record Row(
      NotificationIntent intent, OutboxState state, int attempts, String lastError, Instant at) {

    public Row {
      Objects.requireNonNull(intent, "intent");
      Objects.requireNonNull(state, "state");
      if (state == OutboxState.SENDING) {
        throw new IllegalArgumentException("a row is never stored as sending");
      }
    }

    /** A new notification for the dispatcher. */
    public static Row pending(NotificationIntent intent) {
      return new Row(intent, OutboxState.PENDING, 0, null, null);
    }
  }

  /**
   * A notification that belongs to no alert, such as the daily digest: the message as the channel
   * sends it, with what the table needs besides.
   *
   * @param message what to send; its dedup key is the row's key
   * @param alertId a stable pseudo id for {@code alert_id} (e.g. {@code digest-fuyuan-2026-11-29}),
   *     so that queries by alert find its rows; never null
   * @param facility facility id, never null
   * @param recipientKey {@code staff.<id>}, never null
   * @param due when it became due, never null
   */
  public record Standalone(
      OutgoingMessage message, String alertId, String facility, String recipientKey, Instant due) {
    public Standalone {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(alertId, "alertId");
      Objects.requireNonNull(facility, "facility");
      Objects.requireNonNull(recipientKey, "recipientKey");
      Objects.requireNonNull(due, "due");
    }
  }

  /** One row as stored, whatever it came from. */
  private record Stored(
      OutgoingMessage message,
      String alertId,
      String facility,
      String recipientKey,
      Instant due,
      OutboxState state,
      int attempts,
      String lastError,
      Instant at) {

    static Stored of(Row row) {
      NotificationIntent intent = row.intent();
      return new Stored(
          IntentMapping.toMessage(intent),
          intent.alertId(),
          intent.facility(),
          intent.recipient().key(),
          intent.due(),
          row.state(),
          row.attempts(),
          row.lastError(),
          row.at());
    }

    /** Stored claimed ({@code sending}, its first attempt counted) if pending and due. */
    Stored claimedIfDue(Instant now) {
      if (state != OutboxState.PENDING || due.isAfter(now)) {
        return this;
      }
      return new Stored(
          message,
          alertId,
          facility,
          recipientKey,
          due,
          OutboxState.SENDING,
          attempts + 1,
          lastError,
          at);
    }

    static Stored of(Standalone s) {
      return new Stored(
          s.message(),
          s.alertId(),
          s.facility(),
          s.recipientKey(),
          s.due(),
          OutboxState.PENDING,
          0,
          null,
          null);
    }
  }

  /**
   * Inserts rows inside the caller's transaction; a row whose dedup key is already stored (in any
   * state) is left alone.
   *
   * @param now stamps {@code created_at}
   * @return how many were new
   */
  public static int insert(Connection c, List<Row> rows, Instant now) throws SQLException {
    return insertStored(c, rows.stream().map(Stored::of).toList(), now, false).size();
  }

  /**
   * As {@link #insert}, and claims in the same transaction every new pending row already due at
   * {@code now}: it is stored {@code sending} with its first attempt counted, exactly as {@link
   * #claim} would leave it, and returned. Once the transaction commits the caller must hand the
   * returned rows to {@link OutboxDispatcher#sendNow}; if it never does (the process dies),
   * start-up re-queues them like any row left {@code sending}. This takes the claim, a statement
   * and a thread hop, off a page's path (docs/alerting-outbox.md). A key already stored is neither
   * inserted nor returned, so a replayed notification is never sent again from here.
   *
   * @return the rows claimed, empty when none was new and due
   */
  public static List<Claimed> insertClaimingDue(Connection c, List<Row> rows, Instant now)
      throws SQLException {
    return insertStored(c, rows.stream().map(Stored::of).toList(), now, true);
  }

  /**
   * Writes notifications that belong to no alert, {@code pending}, in one transaction; a dedup key
   * already stored (in any state) is left alone, so writing the same ones twice sends them once.
   *
   * @return how many were new
   * @throws OutboxException when they could not be written; then none was
   */
  public int enqueueStandalone(List<Standalone> messages) throws OutboxException {
    if (messages.isEmpty()) {
      return 0;
    }
    return insertInTransaction(messages.stream().map(Stored::of).toList());
  }

  /** Inserts rows in one transaction of their own. */
  private int insertInTransaction(List<Stored> rows) throws OutboxException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        int inserted = insertStored(c, rows, clock.instant(), false).size();
        c.commit();
        return inserted;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new OutboxException("cannot write " + rows.size() + " notifications", e);
    }
  }

  /** True when the outbox holds any notification of the alert (or pseudo alert) id. */
  public boolean holdsAnyOf(String alertId) throws OutboxException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT 1 FROM notification_outbox WHERE alert_id = ? LIMIT 1")) {
      ps.setString(1, alertId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new OutboxException("cannot read the notifications of " + alertId, e);
    }
  }

  /**
   * Inserts, returning a {@link Claimed} for every row inserted (a key already stored is skipped);
   * with {@code claimDue}, new pending rows due at {@code now} are stored claimed ({@code sending},
   * one attempt).
   */
  private static List<Claimed> insertStored(
      Connection c, List<Stored> rows, Instant now, boolean claimDue) throws SQLException {
    if (rows.isEmpty()) {
      return List.of();
    }
    String sql =
        "INSERT INTO notification_outbox (dedup_key, alert_id, facility, channel, recipient_id,"
            + " address, language, kind, params, due, state, attempts, next_attempt, last_error,"
            + " created_at, delivered_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (dedup_key) DO NOTHING";
    Timestamp created = Timestamp.from(now);
    Map<String, Stored> byKey = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql, new String[] {"dedup_key"})) {
      for (Stored stored : rows) {
        Stored row = claimDue ? stored.claimedIfDue(now) : stored;
        OutgoingMessage m = row.message();
        byKey.put(m.dedupKey(), row);
        Timestamp due = Timestamp.from(row.due());
        ps.setString(1, m.dedupKey());
        ps.setString(2, row.alertId());
        ps.setString(3, row.facility());
        ps.setString(4, IntentMapping.storedName(m.channel()));
        ps.setString(5, row.recipientKey());
        ps.setString(6, m.address());
        ps.setString(7, m.language());
        ps.setString(8, m.kind().name());
        ps.setString(9, json(m.params()));
        ps.setTimestamp(10, due);
        ps.setString(11, row.state().wireName());
        ps.setInt(12, row.attempts());
        ps.setTimestamp(13, due);
        ps.setString(14, row.lastError() == null ? null : scrub(row.lastError()));
        ps.setTimestamp(15, created);
        ps.setTimestamp(
            16,
            row.state() == OutboxState.DELIVERED && row.at() != null
                ? Timestamp.from(row.at())
                : null);
        ps.addBatch();
      }
      ps.executeBatch();
      // RETURNING dedup_key: one row per row inserted, none for a key already stored
      List<Claimed> inserted = new ArrayList<>(rows.size());
      try (ResultSet keys = ps.getGeneratedKeys()) {
        while (keys.next()) {
          Stored row = byKey.get(keys.getString(1));
          if (!claimDue || row.state() == OutboxState.SENDING) {
            inserted.add(new Claimed(row.message(), row.attempts(), row.due()));
          }
        }
      }
      return inserted;
    }
  }

  private static String json(Map<String, String> params) throws SQLException {
    try {
      return JSON.writeValueAsString(params);
    } catch (JsonProcessingException e) {
      throw new SQLException("cannot write params as JSON", e);
    }
  }

  /** The delivery status of a notification, or empty when its key is not in the outbox. */
  public Optional<OutboxEntry> entry(String dedupKey) throws OutboxException {
    String sql =
        "SELECT state, attempts, next_attempt, last_error, delivered_at"
            + " FROM notification_outbox WHERE dedup_key = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, dedupKey);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Timestamp delivered = rs.getTimestamp(5);
        return Optional.of(
            new OutboxEntry(
                dedupKey,
                OutboxState.fromWireName(rs.getString(1)),
                rs.getInt(2),
                rs.getTimestamp(3).toInstant(),
                rs.getString(4),
                delivered == null ? null : delivered.toInstant()));
      }
    } catch (SQLException e) {
      throw new OutboxException("cannot read notification " + dedupKey, e);
    }
  }

  /**
   * A claimed row: the message, the attempt this send is (1 for the first), and when it became due.
   */
  public record Claimed(OutgoingMessage message, int attempt, Instant due) {}

  /**
   * The claim commits without waiting for its WAL to reach the disk: it is on every page's path (a
   * flush costs 2-4 ms on our machines, docs/benchmarks.md), and losing it costs nothing that
   * matters. Only a crash of the database server (not of this process) within a fraction of a
   * second can lose it; the row is then {@code pending} again and sent again: a duplicate page,
   * never a lost one. A crash of this process leaves the row {@code sending}, re-queued at start
   * either way.
   */
  private static final String ASYNC_COMMIT = "SET LOCAL synchronous_commit = off";

  /**
   * Claims up to {@code limit} due pending rows, oldest due first: marks them {@code sending} and
   * counts the attempt. {@code SKIP LOCKED} keeps concurrent claimers off each other's rows.
   */
  List<Claimed> claim(Instant now, int limit) throws SQLException {
    String sql =
        "UPDATE notification_outbox SET state = 'sending', attempts = attempts + 1"
            + " WHERE dedup_key IN (SELECT dedup_key FROM notification_outbox"
            + "   WHERE state = 'pending' AND next_attempt <= ?"
            + "   ORDER BY next_attempt LIMIT ? FOR UPDATE SKIP LOCKED)"
            + " RETURNING "
            + COLUMNS;
    List<Claimed> claimed = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute(ASYNC_COMMIT);
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setTimestamp(1, Timestamp.from(now));
        ps.setInt(2, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            claimed.add(new Claimed(message(rs), rs.getInt(7), rs.getTimestamp(8).toInstant()));
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    return claimed;
  }

  private static OutgoingMessage message(ResultSet rs) throws SQLException {
    Map<String, String> params;
    try {
      params = JSON.readValue(rs.getString(6), PARAMS);
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable params of " + rs.getString(1), e);
    }
    return new OutgoingMessage(
        rs.getString(1),
        IntentMapping.channelFromStored(rs.getString(2)),
        rs.getString(3),
        rs.getString(4),
        anxin.alerting.notify.MessageKind.valueOf(rs.getString(5)),
        params);
  }

  /**
   * Rows waiting to be sent ({@code pending}: not yet due, due, or waiting for a retry); one count
   * over the claim's index. Blocking: call it off any event loop.
   */
  public long countPending() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM notification_outbox WHERE state = 'pending'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Records a delivery. Only a row still {@code sending} changes. */
  void markDelivered(String dedupKey) throws SQLException {
    update(
        "UPDATE notification_outbox SET state = 'delivered', delivered_at = ?, last_error = NULL"
            + " WHERE dedup_key = ? AND state = 'sending'",
        Timestamp.from(clock.instant()),
        dedupKey);
  }

  /** Puts a row back to {@code pending} until {@code next}, with the failure's reason. */
  void markRetry(String dedupKey, Instant next, String error) throws SQLException {
    update(
        "UPDATE notification_outbox SET state = 'pending', next_attempt = ?, last_error = ?"
            + " WHERE dedup_key = ? AND state = 'sending'",
        Timestamp.from(next),
        scrub(error),
        dedupKey);
  }

  /** Gives up on a row, with the reason. */
  void markFailed(String dedupKey, String error) throws SQLException {
    update(
        "UPDATE notification_outbox SET state = 'failed', last_error = ?"
            + " WHERE dedup_key = ? AND state = 'sending'",
        scrub(error),
        dedupKey);
  }

  /**
   * Puts rows left {@code sending} (by a process that stopped mid-send) back to {@code pending},
   * due now. Call only when no other dispatcher runs on the same database.
   *
   * @return how many
   */
  int recoverSending(Instant now) throws SQLException {
    return update(
        "UPDATE notification_outbox SET state = 'pending', next_attempt = ?"
            + " WHERE state = 'sending'",
        Timestamp.from(now));
  }

  private int update(String sql, Object... args) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    }
  }

  /** Masks anything that looks like a phone number and bounds the length. */
  public static String scrub(String error) {
    String s = LONG_NUMBER.matcher(error == null ? "" : error).replaceAll("<number>");
    return s.length() <= MAX_ERROR_CHARS ? s : s.substring(0, MAX_ERROR_CHARS);
  }
}
