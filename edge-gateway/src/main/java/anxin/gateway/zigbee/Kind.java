package anxin.gateway.zigbee;

import anxin.protocol.EventType;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kinds of Zigbee sensor and the rules each gets by default, from the fields Zigbee2MQTT exposes
 * for them (zigbee2mqtt.io, the device pages' "Exposes"). Every kind also gets {@code tamper} and
 * {@code battery_low} (see {@link #COMMON}); a mapping's own {@code rules} come on top.
 */
public enum Kind {
  /** Door or window contact: {@code contact} false = open, true = closed. */
  DOOR,
  /** PIR motion or occupancy: {@code occupancy} becoming true. */
  MOTION,
  /** Button or pendant: {@code action} values, momentary; by default single, double, hold. */
  BUTTON,
  /** Presence radar: {@code presence} becoming true; fall fields differ by model: add rules. */
  RADAR,
  /** Only the mapping's own rules (and the common ones). */
  GENERIC;

  /** Rules every kind gets: {@code tamper} and {@code battery_low} becoming true. */
  static final List<Rule> COMMON =
      List.of(
          new Rule("tamper", BooleanNode.TRUE, EventType.TAMPER, false),
          new Rule("battery_low", BooleanNode.TRUE, EventType.BATTERY_LOW, false));

  /** Button actions that raise a {@code panic} when a mapping gives no {@code actions}. */
  static final Map<String, EventType> DEFAULT_ACTIONS =
      Map.of("single", EventType.PANIC, "double", EventType.PANIC, "hold", EventType.PANIC);

  /** The default rules of this kind, given the button actions in effect. */
  List<Rule> rules(Map<String, EventType> actions) {
    List<Rule> rules = new ArrayList<>();
    switch (this) {
      case DOOR -> {
        rules.add(new Rule("contact", BooleanNode.FALSE, EventType.DOOR_OPEN, false));
        rules.add(new Rule("contact", BooleanNode.TRUE, EventType.DOOR_CLOSE, false));
      }
      case MOTION -> rules.add(new Rule("occupancy", BooleanNode.TRUE, EventType.MOTION, false));
      case BUTTON ->
          actions.entrySet().stream()
              .sorted(Map.Entry.comparingByKey())
              .forEach(
                  a -> rules.add(new Rule("action", new TextNode(a.getKey()), a.getValue(), true)));
      case RADAR -> rules.add(new Rule("presence", BooleanNode.TRUE, EventType.MOTION, false));
      case GENERIC -> {}
    }
    rules.addAll(COMMON);
    return rules;
  }
}
