package anxin.alerting.core;

import anxin.alerting.Observation;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The stored events, read back on start so the rule engine's windows and timers (door left open,
 * not back in bed, inactivity, device silent, cancel windows) are as they were before a restart.
 */
public interface EventHistory {

  /**
   * Streams the events received in {@code [from, until]}, in order of receipt (ties by device and
   * seq), as observations with what the registry knows of their device today.
   *
   * @return how many were streamed
   */
  long replay(Instant from, Instant until, Consumer<Observation> to) throws Exception;

  /** No history: a start without replay (tests, or alerting without storage). */
  EventHistory NONE = (from, until, to) -> 0;
}
