package anxin.ingest.pipeline;

import java.util.HashMap;
import java.util.Map;

/**
 * Token bucket per device: {@code ratePerSecond} sustained, bursts up to {@code burst}. Time is
 * passed in (nanoseconds from any fixed origin), so tests drive it without a clock. The pipeline
 * never asks it about {@code panic} or {@code fall}. Not thread-safe: called under the pipeline's
 * lock.
 *
 * <p>The bucket refills by the time that passed at the receiver or, when it is longer, by the time
 * that passed on the device's own clock ({@code ts}, when the events carry one): a gateway that
 * flushes its journal after an outage delivers hours of a sensor's events in seconds, spaced as the
 * sensor sent them, and none of them is a flood; a stuck sensor or a firmware loop sends many
 * events within the same moments of its clock and is still limited. A device clock that goes
 * backwards earns nothing (fault suite, docs/reliability.md: without this a 100,000-event backlog
 * lost most of its routine events as {@code rate_limited}).
 */
final class RateLimiter {

  private final double ratePerNano;
  private final double burst;

  /** The device's clock is unknown. */
  static final long NO_TS = Long.MIN_VALUE;

  // {tokens, lastNanos, latest device ts in ms (or NO_TS)}
  private final Map<String, double[]> buckets = new HashMap<>();

  RateLimiter(double ratePerSecond, int burst) {
    if (!(ratePerSecond > 0) || burst < 1) {
      throw new IllegalArgumentException(
          "rate limit must be positive: " + ratePerSecond + "/s, burst " + burst);
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
  }

  /** Takes one token for {@code device} at {@code nowNanos}; false when its bucket is empty. */
  boolean tryAcquire(String device, long nowNanos) {
    return tryAcquire(device, nowNanos, NO_TS);
  }

  /**
   * Takes one token for {@code device}, received at {@code nowNanos}, stamped {@code tsMillis} by
   * the device ({@link #NO_TS}: no clock); false when its bucket is empty.
   */
  boolean tryAcquire(String device, long nowNanos, long tsMillis) {
    double[] b =
        buckets.computeIfAbsent(device, d -> new double[] {burst, nowNanos, (double) tsMillis});
    double elapsed = Math.max(0, nowNanos - (long) b[1]);
    if (tsMillis != NO_TS && b[2] != (double) NO_TS && tsMillis > b[2]) {
      elapsed = Math.max(elapsed, (tsMillis - b[2]) * 1e6);
    }
    if (tsMillis != NO_TS && (b[2] == (double) NO_TS || tsMillis > b[2])) {
      b[2] = tsMillis;
    }
    b[0] = Math.min(burst, b[0] + elapsed * ratePerNano);
    b[1] = nowNanos;
    if (b[0] >= 1) {
      b[0] -= 1;
      return true;
    }
    return false;
  }
}
