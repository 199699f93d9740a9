package anxin.ingest.jdbc;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Retry delays after database failures: 100 ms doubling to 5 s, with jitter. */
final class Backoff {

  private static final long MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(5);

  private Backoff() {}

  /**
   * The delay before retry {@code attempt} (0 for the first): its ceiling doubles from 100 ms to at
   * most 5 s, and the delay is drawn uniformly from the ceiling's upper half, so that many clients
   * cut off together do not come back together.
   */
  static long nanos(int attempt) {
    long ceiling = Math.min(MIN_NANOS << Math.min(Math.max(attempt, 0), 6), MAX_NANOS);
    return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
  }
}
