package anxin.ingest.pipeline;

import anxin.ingest.CommitWatermark;
import anxin.ingest.EventWriter;
import anxin.ingest.IngestedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Keeps writes pending until the test commits them; a settable backlog. */
final class FakeEventWriter implements EventWriter {

  final List<IngestedEvent> written = new ArrayList<>();
  private final CommitWatermark watermark = new CommitWatermark();
  int backlog;

  @Override
  public synchronized long write(IngestedEvent event) {
    written.add(event);
    return written.size();
  }

  @Override
  public void whenCommitted(long upTo, Consumer<Throwable> then) {
    watermark.whenCommitted(upTo, then);
  }

  /** Commits everything written so far. */
  void commitAll() {
    long upTo;
    synchronized (this) {
      upTo = written.size();
    }
    watermark.advance(upTo);
  }

  /** Commits the writes numbered up to {@code upTo}, in order. */
  void commitUpTo(long upTo) {
    watermark.advance(upTo);
  }

  /** The writer stops with everything not yet committed failed. */
  void fail(Throwable cause) {
    watermark.fail(cause);
  }

  @Override
  public int backlog() {
    return backlog;
  }

  @Override
  public void close() {}
}
