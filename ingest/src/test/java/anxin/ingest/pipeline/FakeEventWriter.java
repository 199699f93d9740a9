package anxin.ingest.pipeline;

import anxin.ingest.EventWriter;
import anxin.ingest.IngestedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Keeps writes pending until the test commits them; a settable backlog. */
final class FakeEventWriter implements EventWriter {

  final List<IngestedEvent> written = new ArrayList<>();
  private final List<CompletableFuture<Void>> pending = new ArrayList<>();
  int backlog;

  @Override
  public synchronized CompletableFuture<Void> write(IngestedEvent event) {
    written.add(event);
    CompletableFuture<Void> f = new CompletableFuture<>();
    pending.add(f);
    return f;
  }

  /** Commits everything written so far. */
  void commitAll() {
    List<CompletableFuture<Void>> now;
    synchronized (this) {
      now = new ArrayList<>(pending);
      pending.clear();
    }
    now.forEach(f -> f.complete(null));
  }

  @Override
  public int backlog() {
    return backlog;
  }

  @Override
  public void close() {}
}
