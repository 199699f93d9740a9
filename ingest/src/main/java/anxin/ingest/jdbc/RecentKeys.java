package anxin.ingest.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Reads the dedup keys written recently, to fill the in-memory window at start: a message the
 * broker redelivers after a crash (committed, but its acknowledgement lost) is then recognised
 * before it reaches alerting a second time.
 */
public final class RecentKeys {

  /** Receives one key; {@code ts} is null when the event had no device time. */
  @FunctionalInterface
  public interface Sink {
    void key(String device, long seq, Long ts);
  }

  private static final String SEEN_KEYS =
      "SELECT device_id, seq, ts_key FROM event_seen"
          + " WHERE received_at > now() - make_interval(secs => ?)"
          + " ORDER BY received_at DESC LIMIT ?";

  /** With migration V3's clock key: clockless events' keys and those of events with a clock. */
  private static final String SEEN_AND_CLOCK_KEYS =
      "SELECT device_id, seq, ts_key FROM ("
          + " SELECT device_id, seq, ts_key, received_at FROM event_seen"
          + "  WHERE received_at > now() - make_interval(secs => ?)"
          + " UNION ALL"
          + " SELECT device_id, seq,"
          + "  (extract(epoch FROM device_ts) * 1000)::bigint, received_at FROM event"
          + "  WHERE received_at > now() - make_interval(secs => ?) AND device_ts IS NOT NULL"
          + ") k ORDER BY received_at DESC LIMIT ?";

  private RecentKeys() {}

  /**
   * Streams the keys of events received within {@code window}, newest first, at most {@code limit}.
   *
   * @return how many keys were read
   */
  public static int load(DataSource db, Duration window, int limit, Sink sink) throws SQLException {
    int n = 0;
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false); // lets the driver stream with a fetch size
      boolean clockKeys = EventSql.clockKeyInEvent(c);
      try (PreparedStatement ps = c.prepareStatement(clockKeys ? SEEN_AND_CLOCK_KEYS : SEEN_KEYS)) {
        int p = 1;
        ps.setDouble(p++, window.toMillis() / 1000.0);
        if (clockKeys) {
          ps.setDouble(p++, window.toMillis() / 1000.0);
        }
        ps.setInt(p, limit);
        ps.setFetchSize(10_000);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long ts = rs.getLong(3);
            sink.key(rs.getString(1), rs.getLong(2), ts == -1 ? null : ts);
            n++;
          }
        }
      }
      c.commit();
    }
    return n;
  }
}
