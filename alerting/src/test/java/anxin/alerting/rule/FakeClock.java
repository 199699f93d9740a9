package anxin.alerting.rule;

import java.time.Duration;
import java.time.Instant;

/** A clock that moves only when told, in milliseconds. */
final class FakeClock {

  private Instant now;

  FakeClock(Instant start) {
    this.now = start;
  }

  Instant now() {
    return now;
  }

  long millis() {
    return now.toEpochMilli();
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  void advanceMillis(long ms) {
    now = now.plusMillis(ms);
  }

  void set(Instant instant) {
    now = instant;
  }
}
