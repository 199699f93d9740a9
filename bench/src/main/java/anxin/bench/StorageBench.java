package anxin.bench;

import anxin.ingest.IngestedEvent;
import anxin.ingest.Transport;
import anxin.ingest.jdbc.JdbcEventWriter;
import anxin.ingest.jdbc.WriterConfig;
import anxin.ingest.jdbc.WriterMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.sql.DataSource;

/**
 * The writer alone against its floor: the same already-built events, first COPYed raw into {@code
 * event}, then written by a {@link JdbcEventWriter}; the tables are emptied and checkpointed before
 * each run so that every run starts alike. Runs alternate, so drift hits both alike.
 */
final class StorageBench {

  /** One run: events committed and the time it took. */
  record Run(String what, int events, long nanos) {
    double perSecond() {
      return events * 1e9 / nanos;
    }
  }

  private final DataSource dataSource;
  private final List<IngestedEvent> events;
  private final int batch;

  StorageBench(DataSource dataSource, Fleet fleet, int count, int batch) {
    this.dataSource = dataSource;
    this.batch = batch;
    this.events = new ArrayList<>(count);
    SplittableRandom random = new SplittableRandom(42);
    Instant t0 = Instant.parse("2026-11-28T22:00:00Z");
    for (int i = 0; i < count; i++) {
      int d = i % fleet.size();
      Instant at = t0.plusMillis(i / 10);
      events.add(
          new IngestedEvent(
              fleet.next(d, at, random), fleet.device(d), Transport.MQTT, at.plusMillis(40), 0));
    }
  }

  Run raw() throws Exception {
    reset();
    long nanos;
    try (Connection c = dataSource.getConnection()) {
      nanos = RawCopy.run(c, events, batch);
    }
    verify();
    return new Run("raw COPY", events.size(), nanos);
  }

  Run writer() throws Exception {
    reset();
    WriterConfig config = WriterConfig.defaults().withMaxBatch(batch);
    long nanos;
    try (JdbcEventWriter writer = JdbcEventWriter.start(dataSource, config, WriterMetrics.NOOP)) {
      long last = 0;
      long start = System.nanoTime();
      for (IngestedEvent e : events) {
        last = writer.write(e);
      }
      writer.committed(last).join(); // commits are in order: every write up to the last
      nanos = System.nanoTime() - start;
      if (writer.backlog() != 0) {
        throw new IllegalStateException(
            "writer backlog after the last commit: " + writer.backlog());
      }
    }
    verify();
    return new Run("JdbcEventWriter", events.size(), nanos);
  }

  private void reset() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE event, event_seen");
      s.execute("CHECKPOINT");
    }
  }

  /** Every event stored, once: as many rows and as many distinct dedup keys as events. */
  private void verify() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      long rows = ScratchDatabase.queryLong(c, "SELECT count(*) FROM event");
      long keys =
          ScratchDatabase.queryLong(
              c, "SELECT count(DISTINCT (device_id, seq, device_ts)) FROM event");
      if (rows != events.size() || keys != events.size()) {
        throw new IllegalStateException(
            "expected " + events.size() + " rows, found " + rows + " (keys " + keys + ")");
      }
    }
  }
}
