package anxin.gateway.fallback;

import java.util.concurrent.CompletableFuture;

/** Sounds a local alarm: the configured command and webhook, or a test's fake. */
@FunctionalInterface
public interface AlarmActions {

  /**
   * Starts the actions; never throws, never blocks for long.
   *
   * @return completes with what they did, after at most their timeouts
   */
  CompletableFuture<Outcome> raise(LocalAlarm alarm);
}
