package anxin.alerting;

import java.time.Instant;

/**
 * Gives alert ids: unique, and sortable, so that an id issued at a later {@code now} sorts after
 * one issued earlier (string order). Injected so that tests see predictable ids.
 */
@FunctionalInterface
public interface AlertIdSource {

  /** A new id for an alert opened at {@code now}; never null, never returned before. */
  String next(Instant now);
}
