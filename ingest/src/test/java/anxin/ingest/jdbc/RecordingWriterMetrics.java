package anxin.ingest.jdbc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** Keeps what a writer reports. */
final class RecordingWriterMetrics implements WriterMetrics {

  final List<Integer> batches = new CopyOnWriteArrayList<>();
  final AtomicInteger retries = new AtomicInteger();
  volatile IntSupplier backlog;

  @Override
  public void committed(int events, long latencyNanos) {
    batches.add(events);
  }

  @Override
  public void retried() {
    retries.incrementAndGet();
  }

  @Override
  public void backlog(IntSupplier backlog) {
    this.backlog = backlog;
  }

  int committedEvents() {
    return batches.stream().mapToInt(Integer::intValue).sum();
  }
}
