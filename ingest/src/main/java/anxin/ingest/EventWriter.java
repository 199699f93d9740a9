package anxin.ingest;

import java.util.concurrent.CompletableFuture;

/**
 * Durable storage of accepted events, batched. A write completes when its event is committed (or
 * was already stored: a duplicate the in-memory window did not know). It never fails for a
 * transient database fault: it retries until the database is back, and {@link #backlog()} grows.
 */
public interface EventWriter extends AutoCloseable {

  /**
   * Queues one event; returns at once, never blocking.
   *
   * @return completes when the event is committed
   */
  CompletableFuture<Void> write(IngestedEvent event);

  /** Events queued or being written and not yet committed. */
  int backlog();

  /** Stops taking writes and flushes what is queued, waiting at most for the flush. */
  @Override
  void close();
}
