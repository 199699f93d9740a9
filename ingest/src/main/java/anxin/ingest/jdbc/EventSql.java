package anxin.ingest.jdbc;

import anxin.ingest.IngestedEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/** The writer's SQL: one batch in one transaction, and one chunk of dedup-key retention. */
final class EventSql {

  /**
   * Records the dedup keys first (each key once, however often it is in the batch), then inserts
   * exactly the events whose key was new. ON CONFLICT DO NOTHING makes a key that another
   * transaction is inserting wait for it: if it commits, the event here is a duplicate, if it rolls
   * back, the key is inserted here. So concurrent writers, and a retry after a commit whose answer
   * was lost, store an event once. Used where every key is kept in {@code event_seen}
   * (TimescaleDB).
   */
  static final String INSERT =
      "WITH fresh AS ("
          + " INSERT INTO event_seen (device_id, seq, ts_key, received_at)"
          + " SELECT DISTINCT ON (device_id, seq, ts_key) device_id, seq, ts_key, received_at"
          + " FROM anxin_event_staging"
          + " ORDER BY device_id, seq, ts_key, received_at"
          + " ON CONFLICT DO NOTHING"
          + " RETURNING device_id, seq, ts_key)"
          + " INSERT INTO event (received_at, device_id, seq, device_ts, facility_id, type, bat,"
          + " rssi, data, transport)"
          + " SELECT DISTINCT ON (s.device_id, s.seq, s.ts_key) s.received_at, s.device_id, s.seq,"
          + " s.device_ts, s.facility_id, s.type, s.bat, s.rssi, s.data, s.transport"
          + " FROM anxin_event_staging s JOIN fresh f USING (device_id, seq, ts_key)"
          + " ORDER BY s.device_id, s.seq, s.ts_key, s.received_at";

  /**
   * {@link #INSERT} where {@code event} has its own unique index on the keys of events with a
   * device clock (migration V3): only clockless events' keys go through {@code event_seen}; the
   * others are inserted and left out by ON CONFLICT on that index, with the same waiting for a
   * concurrent insert of the same key.
   */
  static final String INSERT_WITH_CLOCK_KEY =
      "WITH fresh AS ("
          + " INSERT INTO event_seen (device_id, seq, ts_key, received_at)"
          + " SELECT DISTINCT ON (device_id, seq, ts_key) device_id, seq, ts_key, received_at"
          + " FROM anxin_event_staging WHERE device_ts IS NULL"
          + " ORDER BY device_id, seq, ts_key, received_at"
          + " ON CONFLICT DO NOTHING"
          + " RETURNING device_id, seq, ts_key)"
          + " INSERT INTO event (received_at, device_id, seq, device_ts, facility_id, type, bat,"
          + " rssi, data, transport)"
          + " SELECT DISTINCT ON (s.device_id, s.seq, s.ts_key) s.received_at, s.device_id, s.seq,"
          + " s.device_ts, s.facility_id, s.type, s.bat, s.rssi, s.data, s.transport"
          + " FROM anxin_event_staging s"
          + " WHERE s.device_ts IS NOT NULL OR EXISTS (SELECT 1 FROM fresh f"
          + " WHERE (f.device_id, f.seq, f.ts_key) = (s.device_id, s.seq, s.ts_key))"
          + " ORDER BY s.device_id, s.seq, s.ts_key, s.received_at"
          + " ON CONFLICT DO NOTHING";

  /** Whether migration V3 put the clock-event keys into a unique index on {@code event}. */
  static final String HAS_CLOCK_KEY = "SELECT to_regclass('event_clock_key') IS NOT NULL";

  /** Deletes up to {@code ?2} dedup keys older than {@code ?1} seconds, by physical row id. */
  static final String PURGE_SEEN =
      "DELETE FROM event_seen WHERE ctid = ANY (ARRAY("
          + "SELECT ctid FROM event_seen WHERE received_at < now() - ? * interval '1 second'"
          + " LIMIT ?))";

  private EventSql() {}

  /** SQLSTATE of a unique violation. */
  private static final String UNIQUE_VIOLATION = "23505";

  /**
   * Whether {@code event} holds the dedup keys of events with a device clock (plain PostgreSQL,
   * migration V3), so that only clockless events' keys are written to {@code event_seen}.
   */
  static boolean clockKeyInEvent(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(HAS_CLOCK_KEY)) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /**
   * Writes one batch and commits. Fast path first: the in-memory window in front makes a duplicate
   * rare, so the events are COPied straight into {@code event}, and the keys that {@code event}
   * does not hold itself straight into {@code event_seen} (with {@code clockKeyInEvent}, only the
   * clockless events' keys: usually none). A key already stored (or twice in the batch) makes a
   * COPY fail with a unique violation; that transaction is rolled back and the batch goes the slow,
   * exact way: staging table, then {@link #INSERT} or {@link #INSERT_WITH_CLOCK_KEY}. Measured in
   * docs/benchmarks.md.
   *
   * @return the number of events that were new (the rest were duplicates)
   * @throws SQLException on any failure; the transaction is rolled back and nothing was written
   */
  static int writeBatch(DataSource ds, List<IngestedEvent> batch, boolean clockKeyInEvent)
      throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        try {
          byte[] seen = StagingRows.encodeSeen(batch, clockKeyInEvent);
          if (seen != null) {
            copy.copyIn(StagingRows.COPY_SEEN, new ByteArrayInputStream(seen));
          }
          copy.copyIn(
              StagingRows.COPY_EVENTS, new ByteArrayInputStream(StagingRows.encodeEvents(batch)));
          c.commit();
          return batch.size();
        } catch (SQLException e) {
          if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
            throw e;
          }
          c.rollback(); // a duplicate: take the exact path below, in a new transaction
        }
        try (Statement s = c.createStatement()) {
          // the NOTICE "relation already exists, skipping" is of no interest
          s.execute("SET LOCAL client_min_messages = warning; " + StagingRows.CREATE_TABLE);
        }
        copy.copyIn(StagingRows.COPY, new ByteArrayInputStream(StagingRows.encode(batch)));
        int fresh;
        try (Statement s = c.createStatement()) {
          fresh = s.executeUpdate(clockKeyInEvent ? INSERT_WITH_CLOCK_KEY : INSERT);
        }
        c.commit();
        return fresh;
      } catch (SQLException | IOException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        if (e instanceof SQLException sql) {
          throw sql;
        }
        throw new SQLException("batch write failed: " + e, e);
      }
    }
  }

  /**
   * Deletes at most {@code limit} dedup keys older than {@code retention}, in auto-commit.
   *
   * @return how many were deleted; fewer than {@code limit} when none older are left
   */
  static int purgeSeen(DataSource ds, Duration retention, int limit) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement(PURGE_SEEN)) {
      s.setLong(1, retention.toSeconds());
      s.setInt(2, limit);
      return s.executeUpdate();
    }
  }
}
