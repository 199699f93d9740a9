package anxin.gateway.zigbee;

import anxin.protocol.Event;
import anxin.protocol.Reason;
import java.util.List;

/**
 * What one Zigbee2MQTT message became.
 *
 * @param events events to journal, possibly none (nothing changed)
 * @param rejected why the message was refused, or null
 * @param detail what was wrong, or null
 * @param ignored true for messages not meant for us ({@code bridge/*}, {@code /set}, availability)
 */
public record Translation(List<Event> events, Reason rejected, String detail, boolean ignored) {

  public Translation {
    events = List.copyOf(events);
  }

  static Translation of(List<Event> events) {
    return new Translation(events, null, null, false);
  }

  static Translation reject(Reason reason, String detail) {
    return new Translation(List.of(), reason, detail, false);
  }

  static Translation ignore() {
    return new Translation(List.of(), null, null, true);
  }
}
