package anxin.protocol.sim;

import anxin.protocol.Event;
import anxin.protocol.EventType;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Plan}: at each planned instant (as the {@link Pacer} decides) the device's firmware
 * turns the emission into an event with its next {@code seq} and sends it to the sink. A delivery
 * failure is counted and the night goes on, as a device would after giving up.
 */
public final class Simulator {

  private static final Logger log = LoggerFactory.getLogger(Simulator.class);

  /** What a run sent. */
  public record Result(int sent, int failed, Map<EventType, Integer> sentByType) {}

  private Simulator() {}

  /**
   * Runs the plan to its end on the calling thread.
   *
   * @throws InterruptedException when interrupted while waiting for the next emission
   */
  public static Result run(Plan plan, EventSink sink, Pacer pacer) throws InterruptedException {
    int sent = 0;
    int failed = 0;
    Map<EventType, Integer> byType = new EnumMap<>(EventType.class);
    for (Planned p : plan.timeline()) {
      pacer.awaitUntil(p.at());
      SimulatedDevice device = p.device();
      if (p.drainTo() != null) {
        device.drainTo(p.drainTo());
        device.pendingBatteryLow(); // this emission is the report
      }
      Event event = device.emit(p.type(), p.at(), p.data());
      boolean ok = deliver(sink, device, event);
      sent += ok ? 1 : 0;
      failed += ok ? 0 : 1;
      byType.merge(p.type(), ok ? 1 : 0, Integer::sum);
      if (device.pendingBatteryLow()) {
        Event low = device.emit(EventType.BATTERY_LOW, p.at(), Map.of());
        boolean lowOk = deliver(sink, device, low);
        sent += lowOk ? 1 : 0;
        failed += lowOk ? 0 : 1;
        byType.merge(EventType.BATTERY_LOW, lowOk ? 1 : 0, Integer::sum);
      }
    }
    return new Result(sent, failed, Map.copyOf(byType));
  }

  private static boolean deliver(EventSink sink, SimulatedDevice device, Event event) {
    try {
      sink.send(device, event);
      return true;
    } catch (EventSink.SinkException e) {
      log.warn(
          "device {} could not send {} seq={}: {}",
          device.id(),
          event.type(),
          event.seq(),
          e.getMessage());
      return false;
    }
  }
}
