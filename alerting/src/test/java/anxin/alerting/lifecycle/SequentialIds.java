package anxin.alerting.lifecycle;

import anxin.alerting.AlertIdSource;
import java.time.Instant;

/** Ids {@code A1}, {@code A2}, … in the order asked for: predictable ids for tables. */
final class SequentialIds implements AlertIdSource {

  private int next = 1;

  @Override
  public String next(Instant now) {
    return "A" + next++;
  }
}
