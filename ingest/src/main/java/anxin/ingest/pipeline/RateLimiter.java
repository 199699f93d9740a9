package anxin.ingest.pipeline;

import java.util.HashMap;
import java.util.Map;

/**
 * Token bucket per device: {@code ratePerSecond} sustained, bursts up to {@code burst}. Time is
 * passed in (nanoseconds from any fixed origin), so tests drive it without a clock. The pipeline
 * never asks it about {@code panic} or {@code fall}. Not thread-safe: called under the pipeline's
 * lock.
 */
final class RateLimiter {

  private final double ratePerNano;
  private final double burst;
  private final Map<String, double[]> buckets = new HashMap<>(); // {tokens, lastNanos}

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
    double[] b = buckets.computeIfAbsent(device, d -> new double[] {burst, nowNanos});
    double elapsed = Math.max(0, nowNanos - (long) b[1]);
    b[0] = Math.min(burst, b[0] + elapsed * ratePerNano);
    b[1] = nowNanos;
    if (b[0] >= 1) {
      b[0] -= 1;
      return true;
    }
    return false;
  }
}
