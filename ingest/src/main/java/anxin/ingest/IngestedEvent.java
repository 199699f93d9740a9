package anxin.ingest;

import anxin.protocol.Event;
import java.time.Instant;

/**
 * An accepted, first-seen event on its way to alerting and storage.
 *
 * @param event the decoded event
 * @param device the provisioned device that sent it
 * @param transport how it arrived
 * @param receivedAt wall-clock receive time
 * @param receivedNanos {@link System#nanoTime()} at receipt
 */
public record IngestedEvent(
    Event event, Device device, Transport transport, Instant receivedAt, long receivedNanos) {

  /** The facility the event belongs to. */
  public String facility() {
    return device.facility();
  }
}
