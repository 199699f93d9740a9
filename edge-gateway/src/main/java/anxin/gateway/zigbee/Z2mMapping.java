package anxin.gateway.zigbee;

import anxin.protocol.EventType;
import anxin.protocol.Ids;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The per-site mapping file of the Zigbee2MQTT adapter (docs/gateway.md, "Zigbee2MQTT mapping"):
 * which {@code friendly_name} is which of our devices, of what kind, with which extra rules.
 * Validated as a whole: every problem is reported in one {@link IllegalArgumentException}.
 *
 * @param baseTopic Zigbee2MQTT's base topic, default {@code zigbee2mqtt}
 * @param batteryLowPercent a {@code battery} report falling to this or below emits {@code
 *     battery_low}; default 15 (the platform's own threshold, DESIGN §4)
 * @param heartbeat a device whose messages change nothing still yields a {@code heartbeat} this
 *     often, so that the platform's device-silent rule sees it alive; default 5 min
 * @param devices by friendly name
 */
public record Z2mMapping(
    String baseTopic,
    int batteryLowPercent,
    Duration heartbeat,
    Map<String, DeviceMapping> devices) {

  private static final Set<String> TOP_KEYS =
      Set.of("baseTopic", "batteryLowPercent", "heartbeatSeconds", "devices");
  private static final Set<String> DEVICE_KEYS =
      Set.of("friendly_name", "device", "kind", "door", "actions", "rules");
  private static final Set<String> RULE_KEYS = Set.of("field", "equals", "type", "momentary");

  public Z2mMapping {
    devices = Map.copyOf(devices);
  }

  /** The mapping of a friendly name, if any. */
  public Optional<DeviceMapping> find(String friendlyName) {
    return Optional.ofNullable(devices.get(friendlyName));
  }

  /** Reads a mapping file (JSON). */
  public static Z2mMapping load(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  /**
   * Parses a mapping.
   *
   * @throws IllegalArgumentException naming every problem
   */
  public static Z2mMapping parse(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Zigbee2MQTT mapping: not JSON: " + e.getOriginalMessage());
    }
    List<String> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("Zigbee2MQTT mapping: not a JSON object");
    }
    unknownKeys(problems, "mapping", root, TOP_KEYS);
    String base = root.path("baseTopic").asText("zigbee2mqtt");
    if (base.isEmpty() || base.contains("#") || base.contains("+") || base.endsWith("/")) {
      problems.add("baseTopic: not a topic prefix: \"" + base + "\"");
    }
    int low = root.path("batteryLowPercent").asInt(15);
    if (low < 0 || low > 100) {
      problems.add("batteryLowPercent out of range 0..100: " + low);
    }
    long beat = root.path("heartbeatSeconds").asLong(300);
    if (beat < 10) {
      problems.add("heartbeatSeconds below 10: " + beat);
    }
    Map<String, DeviceMapping> devices = new LinkedHashMap<>();
    Set<String> ids = new HashSet<>();
    JsonNode list = root.path("devices");
    if (!list.isArray()) {
      problems.add("devices: not an array");
    } else {
      for (int i = 0; i < list.size(); i++) {
        DeviceMapping d = device(problems, "devices[" + i + "]", list.get(i));
        if (d == null) {
          continue;
        }
        if (devices.containsKey(d.friendlyName())) {
          problems.add("devices[" + i + "]: friendly_name repeated: \"" + d.friendlyName() + "\"");
        }
        if (!ids.add(d.device())) {
          problems.add("devices[" + i + "]: device repeated: \"" + d.device() + "\"");
        }
        devices.put(d.friendlyName(), d);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Zigbee2MQTT mapping: " + String.join("; ", problems));
    }
    return new Z2mMapping(base, low, Duration.ofSeconds(beat), devices);
  }

  private static DeviceMapping device(List<String> problems, String at, JsonNode n) {
    if (!n.isObject()) {
      problems.add(at + ": not an object");
      return null;
    }
    int before = problems.size();
    unknownKeys(problems, at, n, DEVICE_KEYS);
    String name = n.path("friendly_name").asText("");
    if (name.isEmpty() || name.contains("#") || name.contains("+")) {
      problems.add(at + ": friendly_name missing or not a topic level: \"" + name + "\"");
    } else if (name.equals("bridge") || name.startsWith("bridge/")) {
      problems.add(at + ": friendly_name \"" + name + "\" is Zigbee2MQTT's own");
    }
    String device = n.path("device").asText("");
    if (!Ids.isDeviceId(device)) {
      problems.add(at + ": device is not a device id: \"" + device + "\"");
    }
    Kind kind = null;
    String kindText = n.path("kind").asText("");
    try {
      kind = Kind.valueOf(kindText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(
          at + ": kind not one of door, motion, button, radar, generic: \"" + kindText + "\"");
    }
    String door = n.hasNonNull("door") ? n.get("door").asText() : null;
    Map<String, EventType> actions = Kind.DEFAULT_ACTIONS;
    if (n.has("actions")) {
      actions = new LinkedHashMap<>();
      if (!n.get("actions").isObject()) {
        problems.add(at + ".actions: not an object");
      } else {
        for (Map.Entry<String, JsonNode> a : n.get("actions").properties()) {
          Optional<EventType> t = EventType.fromWireName(a.getValue().asText());
          if (t.isEmpty()) {
            problems.add(at + ".actions." + a.getKey() + ": unknown event type: " + a.getValue());
          } else {
            actions.put(a.getKey(), t.get());
          }
        }
      }
    }
    List<Rule> rules = new ArrayList<>();
    if (kind != null) {
      rules.addAll(kind.rules(actions));
    }
    JsonNode own = n.path("rules");
    if (!own.isMissingNode() && !own.isArray()) {
      problems.add(at + ".rules: not an array");
    }
    for (int j = 0; own.isArray() && j < own.size(); j++) {
      String rat = at + ".rules[" + j + "]";
      JsonNode r = own.get(j);
      unknownKeys(problems, rat, r, RULE_KEYS);
      Optional<EventType> t = EventType.fromWireName(r.path("type").asText(""));
      JsonNode value = r.get("equals");
      if (t.isEmpty()) {
        problems.add(rat + ": unknown event type: " + r.path("type"));
      }
      if (value == null || !value.isValueNode() || value.isNull()) {
        problems.add(rat + ": equals must be a string, number or boolean");
      }
      if (r.path("field").asText("").isEmpty()) {
        problems.add(rat + ": field missing");
      }
      if (problems.isEmpty() || t.isPresent() && value != null && value.isValueNode()) {
        try {
          rules.add(
              new Rule(
                  r.path("field").asText(), value, t.get(), r.path("momentary").asBoolean(false)));
        } catch (RuntimeException e) {
          // already reported above
        }
      }
    }
    return problems.size() > before ? null : new DeviceMapping(name, device, kind, door, rules);
  }

  private static void unknownKeys(List<String> problems, String at, JsonNode n, Set<String> keys) {
    if (!n.isObject()) {
      return;
    }
    n.fieldNames()
        .forEachRemaining(
            k -> {
              if (!keys.contains(k)) {
                problems.add(at + ": unknown key \"" + k + "\" (expected one of " + keys + ")");
              }
            });
  }
}
