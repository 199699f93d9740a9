package anxin.gateway.local;

import anxin.gateway.Intake;
import anxin.gateway.Source;
import anxin.protocol.Event;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link Intake} that keeps what it is given; can be told to fail like a broken journal. */
public final class RecordingIntake implements Intake {

  public record Stored(Source source, Event event) {}

  private final List<Stored> stored = new CopyOnWriteArrayList<>();
  private volatile boolean failing;

  @Override
  public void accept(Source source, List<Event> events) throws IOException {
    if (failing) {
      throw new IOException("journal failing (test)");
    }
    events.forEach(e -> stored.add(new Stored(source, e)));
  }

  public void failing(boolean f) {
    failing = f;
  }

  public List<Event> events() {
    return stored.stream().map(Stored::event).toList();
  }

  public List<Stored> stored() {
    return List.copyOf(stored);
  }
}
