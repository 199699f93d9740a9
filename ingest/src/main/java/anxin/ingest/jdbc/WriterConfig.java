package anxin.ingest.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link JdbcEventWriter} batches, closes and keeps dedup keys.
 *
 * @param maxBatch most events in one transaction; default 2000
 * @param linger how long to gather more events after the first of a batch; default 0: batches form
 *     by themselves while the previous one commits, and a lone alarm's write waits for nothing
 * @param closeTimeout how long {@code close()} waits for queued events to commit; default 30 s
 * @param dedupRetention how long a dedup key is kept in {@code event_seen} (every key on
 *     TimescaleDB, clockless events' keys on plain PostgreSQL): a retransmission older than this is
 *     stored again; default 30 days
 * @param purgeEvery how often keys older than {@code dedupRetention} are deleted; default 1 hour
 */
public record WriterConfig(
    int maxBatch,
    Duration linger,
    Duration closeTimeout,
    Duration dedupRetention,
    Duration purgeEvery) {

  /** Checks every value, and reports every problem at once. */
  public WriterConfig {
    List<String> problems = new ArrayList<>();
    if (maxBatch < 1) {
      problems.add("maxBatch must be at least 1: " + maxBatch);
    }
    positiveOrZero(problems, "linger", linger);
    positiveOrZero(problems, "closeTimeout", closeTimeout);
    if (dedupRetention == null || dedupRetention.toSeconds() < 1) {
      problems.add("dedupRetention must be at least 1 s: " + dedupRetention);
    }
    if (purgeEvery == null || purgeEvery.toMillis() < 1) {
      problems.add("purgeEvery must be at least 1 ms: " + purgeEvery);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid writer config: " + String.join("; ", problems));
    }
  }

  /** 2000 events, no linger, 30 s to close, keys kept 30 days and purged hourly. */
  public static WriterConfig defaults() {
    return new WriterConfig(
        2000, Duration.ZERO, Duration.ofSeconds(30), Duration.ofDays(30), Duration.ofHours(1));
  }

  /** This configuration with another batch size. */
  public WriterConfig withMaxBatch(int events) {
    return new WriterConfig(events, linger, closeTimeout, dedupRetention, purgeEvery);
  }

  /** This configuration with another close timeout. */
  public WriterConfig withCloseTimeout(Duration timeout) {
    return new WriterConfig(maxBatch, linger, timeout, dedupRetention, purgeEvery);
  }

  /** This configuration with another dedup retention and purge interval. */
  public WriterConfig withDedupRetention(Duration retention, Duration every) {
    return new WriterConfig(maxBatch, linger, closeTimeout, retention, every);
  }

  private static void positiveOrZero(List<String> problems, String name, Duration d) {
    if (d == null || d.isNegative()) {
      problems.add(name + " must be zero or more: " + d);
    }
  }
}
