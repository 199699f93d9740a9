package anxin.alerting.core;

import anxin.alerting.Observation;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * {@link EventHistory} over ingest's {@code event} table (joined with {@code device} for kind, room
 * and resident), read with a server-side cursor so a day of events streams in constant memory. Rows
 * this version cannot read (an event type it does not know) are skipped.
 */
public final class JdbcEventHistory implements EventHistory {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> DATA = new TypeReference<>() {};
  private static final int FETCH = 5_000;

  private final DataSource dataSource;

  public JdbcEventHistory(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  @Override
  public long replay(Instant from, Instant until, Consumer<Observation> to) throws SQLException {
    String sql =
        "SELECT e.received_at, e.device_id, e.seq, e.device_ts, e.facility_id, e.type, e.bat,"
            + " e.rssi, e.data::text, d.kind, d.room, d.resident_id"
            + " FROM event e LEFT JOIN device d ON d.id = e.device_id"
            + " WHERE e.received_at >= ? AND e.received_at <= ?"
            + " ORDER BY e.received_at, e.device_id, e.seq";
    long n = 0;
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false); // pgjdbc streams with a cursor only inside a transaction
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setFetchSize(FETCH);
        ps.setTimestamp(1, Timestamp.from(from));
        ps.setTimestamp(2, Timestamp.from(until));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Optional<Observation> o = observation(rs);
            if (o.isPresent()) {
              to.accept(o.get());
              n++;
            }
          }
        }
      } finally {
        c.rollback();
        c.setAutoCommit(auto);
      }
    }
    return n;
  }

  private static Optional<Observation> observation(ResultSet rs) throws SQLException {
    Optional<EventType> type = EventType.fromWireName(rs.getString(6));
    if (type.isEmpty()) {
      return Optional.empty();
    }
    Timestamp deviceTs = rs.getTimestamp(4);
    Integer bat = (Integer) rs.getObject(7, Integer.class);
    Integer rssi = (Integer) rs.getObject(8, Integer.class);
    String data = rs.getString(9);
    Map<String, Object> map;
    try {
      map = data == null ? Map.of() : JSON.readValue(data, DATA);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Optional.empty();
    }
    String device = rs.getString(2);
    Event event;
    try {
      event =
          new Event(
              device,
              rs.getLong(3),
              type.get(),
              deviceTs == null ? null : deviceTs.toInstant().toEpochMilli(),
              bat,
              rssi,
              map);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a row ingest would not have accepted
    }
    return Optional.of(
        new Observation(
            event,
            rs.getString(5),
            device,
            rs.getString(10),
            rs.getString(11),
            rs.getString(12),
            rs.getTimestamp(1).toInstant()));
  }
}
