package anxin.gateway.uplink;

import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: exponential from {@code min} doubling to {@code max}, each with "equal jitter"
 * (a uniformly random point in the upper half), so that the gateways of a region do not all come
 * back in the same second after a broker restart, and none retries in a tight loop.
 */
final class Backoff {

  private final long minMillis;
  private final long maxMillis;
  private final DoubleSupplier random;

  /**
   * @param random uniform in [0, 1)
   */
  Backoff(long minMillis, long maxMillis, DoubleSupplier random) {
    if (minMillis <= 0 || maxMillis < minMillis) {
      throw new IllegalArgumentException("backoff range invalid: " + minMillis + ".." + maxMillis);
    }
    this.minMillis = minMillis;
    this.maxMillis = maxMillis;
    this.random = random;
  }

  /** The delay before attempt {@code failures + 1}, after {@code failures} (≥ 1) failed ones. */
  long delayMillis(int failures) {
    long cap = minMillis;
    for (int i = 1; i < failures && cap < maxMillis; i++) {
      cap = cap > maxMillis / 2 ? maxMillis : cap * 2;
    }
    cap = Math.min(cap, maxMillis);
    long half = cap / 2;
    return Math.min(cap, half + (long) (random.getAsDouble() * (cap - half + 1)));
  }
}
