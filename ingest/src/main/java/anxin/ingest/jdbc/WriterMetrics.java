package anxin.ingest.jdbc;

import java.util.function.IntSupplier;

/**
 * What the {@link JdbcEventWriter} reports. Called on the writer's thread; implementations must be
 * quick and must not throw.
 */
public interface WriterMetrics {

  /**
   * A batch was committed.
   *
   * @param events events in the batch, duplicates included
   * @param latencyNanos time of the transaction that committed it (COPY, insert, commit), in ns
   */
  void committed(int events, long latencyNanos);

  /** A batch failed (the database was unreachable, or refused it) and will be tried again. */
  void retried();

  /**
   * Called once, when the writer starts, with the source of its backlog: events queued or being
   * written and not yet committed.
   */
  void backlog(IntSupplier backlog);

  /** Reports nothing. */
  WriterMetrics NOOP =
      new WriterMetrics() {
        @Override
        public void committed(int events, long latencyNanos) {}

        @Override
        public void retried() {}

        @Override
        public void backlog(IntSupplier backlog) {}
      };
}
