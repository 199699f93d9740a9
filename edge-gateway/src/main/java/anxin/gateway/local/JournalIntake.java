package anxin.gateway.local;

import anxin.gateway.AdapterMetrics;
import anxin.gateway.Intake;
import anxin.gateway.Journal;
import anxin.gateway.Source;
import anxin.protocol.Event;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Intake} of the assembled gateway: appends to the {@link Journal} (one fsync per
 * message), then tells the listeners (the uplink's {@code wake}, the local fallback). A listener
 * that throws is logged and does not undo the append or stop the others.
 */
public final class JournalIntake implements Intake {

  private static final Logger log = LoggerFactory.getLogger(JournalIntake.class);

  private final Journal journal;
  private final AdapterMetrics metrics;
  private final List<Consumer<List<Event>>> listeners = new CopyOnWriteArrayList<>();

  public JournalIntake(Journal journal, AdapterMetrics metrics) {
    this.journal = journal;
    this.metrics = metrics;
  }

  /** Adds a listener, called on the adapter's thread after each append with the stored events. */
  public JournalIntake onStored(Consumer<List<Event>> listener) {
    listeners.add(listener);
    return this;
  }

  @Override
  public void accept(Source source, List<Event> events) throws IOException {
    if (events.isEmpty()) {
      return;
    }
    journal.appendAll(events);
    metrics.accepted(source, events.size());
    for (Consumer<List<Event>> l : listeners) {
      try {
        l.accept(events);
      } catch (RuntimeException e) {
        log.error("intake: listener failed", e);
      }
    }
  }
}
