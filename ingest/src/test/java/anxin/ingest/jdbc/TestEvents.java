package anxin.ingest.jdbc;

import anxin.ingest.Device;
import anxin.ingest.IngestedEvent;
import anxin.ingest.Transport;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Devices and events for storage tests. */
final class TestEvents {

  static final Instant T0 = Instant.parse("2026-11-29T08:00:00.123456Z");

  private TestEvents() {}

  static Device device(int n) {
    return new Device(
        String.format("dev-%03d", n),
        "fac-" + (n % 7),
        "fall_sensor",
        "room-" + n,
        "res-" + n,
        Duration.ofMinutes(5));
  }

  /** Device n's event seq, with a device clock. */
  static IngestedEvent event(int device, long seq) {
    Event e = Event.of(device(device).id(), seq, EventType.MOTION).withTs(deviceTs(seq));
    return ingested(device, e);
  }

  static long deviceTs(long seq) {
    return T0.toEpochMilli() - 3_600_000 + seq * 1000;
  }

  static IngestedEvent ingested(int device, Event e) {
    return new IngestedEvent(e, device(device), Transport.MQTT, T0, 0);
  }

  /** {@code devices} x {@code perDevice} events, device-major. */
  static List<IngestedEvent> grid(int devices, int perDevice) {
    List<IngestedEvent> events = new ArrayList<>(devices * perDevice);
    for (int d = 0; d < devices; d++) {
      for (int s = 0; s < perDevice; s++) {
        events.add(event(d, s));
      }
    }
    return events;
  }
}
