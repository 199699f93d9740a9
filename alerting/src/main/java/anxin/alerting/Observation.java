package anxin.alerting;

import anxin.protocol.Event;
import java.time.Instant;
import java.util.Objects;

/**
 * One accepted event as alerting receives it: the event and what the platform knows about the
 * device that sent it. Whether the event came late is not part of it: the rule engine decides that
 * from the device's {@code seq} order and the event's age.
 *
 * @param event the decoded event, never null
 * @param facility facility id, never null
 * @param device device id, never null; equal to {@code event.dev()}
 * @param deviceKind device kind as provisioned (e.g. {@code fall_sensor}), or null when unknown;
 *     informational, no rule depends on it
 * @param room room label, or null for a facility-level device such as an exit door
 * @param resident id of the resident the device belongs to, or null
 * @param receivedAt when the platform received the event (platform clock), never null
 */
public record Observation(
    Event event,
    String facility,
    String device,
    String deviceKind,
    String room,
    String resident,
    Instant receivedAt) {

  public Observation {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(facility, "facility");
    Objects.requireNonNull(receivedAt, "receivedAt");
    if (!event.dev().equals(device)) {
      throw new IllegalArgumentException(
          "device " + device + " is not the event's dev " + event.dev());
    }
  }
}
