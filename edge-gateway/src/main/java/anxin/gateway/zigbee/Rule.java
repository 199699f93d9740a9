package anxin.gateway.zigbee;

import anxin.protocol.EventType;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One line of a device's mapping: when {@code field} of the Zigbee2MQTT state becomes {@code
 * value}, emit {@code type}.
 *
 * @param field top-level key of the state, e.g. {@code contact}
 * @param value the value that triggers, a JSON scalar ({@code false}, {@code "single"}, {@code 1})
 * @param type the event emitted
 * @param momentary true for fields that describe a moment rather than a state ({@code action}):
 *     every message carrying the value triggers, since Zigbee2MQTT sends them once per press and
 *     does not keep them in its state; false for states: only a change to the value triggers
 */
public record Rule(String field, JsonNode value, EventType type, boolean momentary) {

  public Rule {
    if (field == null || field.isEmpty()) {
      throw new IllegalArgumentException("rule: field is empty");
    }
    if (value == null || !value.isValueNode()) {
      throw new IllegalArgumentException("rule on " + field + ": value must be a JSON scalar");
    }
    if (type == null) {
      throw new IllegalArgumentException("rule on " + field + ": type is null");
    }
  }

  boolean matches(JsonNode v) {
    return v != null && Z2mState.same(v, value);
  }
}
