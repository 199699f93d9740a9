package anxin.protocol.sim;

import anxin.protocol.Event;
import java.util.ArrayList;
import java.util.List;

/** Keeps every event sent, in order. Thread-safe. */
public final class RecordingSink implements EventSink {

  /** One sent event and its device's facility. */
  public record Sent(String facility, Event event) {}

  private final List<Sent> sent = new ArrayList<>();

  @Override
  public synchronized void send(SimulatedDevice device, Event event) {
    sent.add(new Sent(device.facility(), event));
  }

  /** A copy of everything sent so far. */
  public synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** The events sent so far. */
  public synchronized List<Event> events() {
    return sent.stream().map(Sent::event).toList();
  }
}
