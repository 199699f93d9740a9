package anxin.ingest;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Durable storage of accepted events, batched and committed in the order they were written. Each
 * write gets a number, one more than the last; a writer commits them in that order, so one number
 * says how far it has got ({@link CommitWatermark}). A write counts as committed when its event is
 * stored (or was already: a duplicate the in-memory window did not know). It never fails for a
 * transient database fault: the writer retries until the database is back, and {@link #backlog()}
 * grows.
 */
public interface EventWriter extends AutoCloseable {

  /**
   * Queues one event; returns at once, never blocking.
   *
   * @return the write's number, one more than the previous write's (the first is 1)
   */
  long write(IngestedEvent event);

  /**
   * Calls {@code then} with {@code null} once every write numbered up to {@code upTo} is committed,
   * or with the failure when the writer stopped first: at once on this thread when that is already
   * so, else on the writer's thread (so it must not block).
   */
  void whenCommitted(long upTo, Consumer<Throwable> then);

  /** {@link #whenCommitted} as a future. */
  default CompletableFuture<Void> committed(long upTo) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    whenCommitted(
        upTo,
        failure -> {
          if (failure == null) {
            f.complete(null);
          } else {
            f.completeExceptionally(failure);
          }
        });
    return f;
  }

  /** Events queued or being written and not yet committed. */
  int backlog();

  /** Stops taking writes and flushes what is queued, waiting at most for the flush. */
  @Override
  void close();
}
