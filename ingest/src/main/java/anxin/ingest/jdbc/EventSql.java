package anxin.ingest.jdbc;

import anxin.ingest.IngestedEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
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
   * was lost, store an event once.
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

  /** Deletes up to {@code ?2} dedup keys older than {@code ?1} seconds, by physical row id. */
  static final String PURGE_SEEN =
      "DELETE FROM event_seen WHERE ctid = ANY (ARRAY("
          + "SELECT ctid FROM event_seen WHERE received_at < now() - ? * interval '1 second'"
          + " LIMIT ?))";

  private EventSql() {}

  /** SQLSTATE of a unique violation. */
  private static final String UNIQUE_VIOLATION = "23505";

  /**
   * Writes one batch and commits. Fast path first: the in-memory window in front makes a duplicate
   * rare, so the keys are COPied straight into {@code event_seen} and the events straight into
   * {@code event}, inside a savepoint. A key already stored (or twice in the batch) makes the first
   * COPY fail with a unique violation; the savepoint is rolled back and the batch goes the slow,
   * exact way: staging table, then {@link #INSERT}. Measured: the fast path about doubles the
   * writer's rate (docs/benchmarks.md).
   *
   * @return the number of events that were new (the rest were duplicates)
   * @throws SQLException on any failure; the transaction is rolled back and nothing was written
   */
  static int writeBatch(DataSource ds, List<IngestedEvent> batch) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        Savepoint fast = c.setSavepoint();
        try {
          copy.copyIn(
              StagingRows.COPY_SEEN, new ByteArrayInputStream(StagingRows.encodeSeen(batch)));
          copy.copyIn(
              StagingRows.COPY_EVENTS, new ByteArrayInputStream(StagingRows.encodeEvents(batch)));
          c.releaseSavepoint(fast);
          c.commit();
          return batch.size();
        } catch (SQLException e) {
          if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
            throw e;
          }
          c.rollback(fast); // a duplicate: take the exact path below
        }
        try (Statement s = c.createStatement()) {
          // the NOTICE "relation already exists, skipping" is of no interest
          s.execute("SET LOCAL client_min_messages = warning; " + StagingRows.CREATE_TABLE);
        }
        copy.copyIn(StagingRows.COPY, new ByteArrayInputStream(StagingRows.encode(batch)));
        int fresh;
        try (Statement s = c.createStatement()) {
          fresh = s.executeUpdate(INSERT);
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
