package anxin.alerting;

import anxin.protocol.topic.Topics;
import java.time.Instant;
import java.util.Objects;

/**
 * A command to publish to a device's MQTT command topic (DESIGN §3, QoS 1), e.g. {@code
 * {"cmd":"reassure","alert":"…"}} after staff acknowledge an alert: the pendant shows that help is
 * coming.
 *
 * @param dedupKey {@code <alertId>/<cmd>}; unique, never null
 * @param alertId the alert it is about, never null
 * @param facility facility id, never null
 * @param device device id, never null
 * @param topic {@code anxin/v1/{facility}/{device}/cmd}, never null
 * @param payload JSON payload, never null
 * @param at when it was decided
 */
public record DeviceCommand(
    String dedupKey,
    String alertId,
    String facility,
    String device,
    String topic,
    String payload,
    Instant at) {

  /** The {@code cmd} of {@link #reassure}. */
  public static final String REASSURE = "reassure";

  public DeviceCommand {
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(at, "at");
  }

  /**
   * {@code {"cmd":"reassure","alert":"<alertId>"}} for the device's command topic.
   *
   * @throws IllegalArgumentException when the facility or device id is not valid for a topic
   */
  public static DeviceCommand reassure(String alertId, String facility, String device, Instant at) {
    return new DeviceCommand(
        alertId + "/" + REASSURE,
        alertId,
        facility,
        device,
        Topics.command(facility, device),
        "{\"cmd\":\"" + REASSURE + "\",\"alert\":\"" + jsonEscape(alertId) + "\"}",
        at);
  }

  private static String jsonEscape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
