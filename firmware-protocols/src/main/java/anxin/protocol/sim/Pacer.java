package anxin.protocol.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides when simulated time becomes now. {@link #virtual()} never waits, so a night runs in
 * milliseconds; {@link #scaled} follows a clock, at real speed or faster.
 */
@FunctionalInterface
public interface Pacer {

  /** Returns when simulated instant {@code at} has come. */
  void awaitUntil(Instant at) throws InterruptedException;

  /** Never waits: the timeline runs as fast as the sink takes it. */
  static Pacer virtual() {
    return at -> {};
  }

  /**
   * Maps simulated time onto {@code clock}: simulated {@code simStart} is the clock's now when this
   * is called, and simulated time passes {@code speed} times faster than the clock.
   *
   * @param speed 1 for real time, 60 for a simulated minute per second
   */
  static Pacer scaled(Clock clock, Instant simStart, double speed) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be positive: " + speed);
    }
    Instant wallStart = clock.instant();
    return at -> {
      long simOffsetMs = Duration.between(simStart, at).toMillis();
      Instant due = wallStart.plusMillis((long) (simOffsetMs / speed));
      long waitMs;
      while ((waitMs = Duration.between(clock.instant(), due).toMillis()) > 0) {
        Thread.sleep(Math.min(waitMs, 1_000));
      }
    };
  }
}
