package anxin.gateway.zigbee;

import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Limits;
import anxin.protocol.Reason;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns Zigbee2MQTT messages into events of wire contract v1 by a {@link Z2mMapping}. Zigbee2MQTT
 * publishes a device's whole state ({@code {"contact":false,"battery":97,…}}) on {@code
 * zigbee2mqtt/<friendly_name>} whenever anything changes, and again on restarts: a state rule fires
 * only when its field <em>changes</em> to the rule's value; a momentary rule ({@code action}) on
 * every message carrying it. Events get the gateway's clock as {@code ts}, the last reported {@code
 * battery} as {@code bat}, and a {@code seq} from {@link Z2mState}.
 *
 * <p>A translation's state changes take effect on {@link #commit}, after its events are stored. No
 * threads; time is passed in. Not thread-safe (one adapter thread calls it).
 */
public final class Z2mTranslator {

  private static final Set<String> IGNORED_SUFFIXES = Set.of("availability", "set", "get");

  private final Z2mMapping mapping;
  private final Z2mState state;
  private final ObjectMapper json;
  private final String prefix;

  /** State changes of the last translation, applied by {@link #commit}. */
  private record Pending(
      String device, Map<String, JsonNode> updates, Instant emittedAt, Instant now) {}

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(Z2mTranslator.class);

  private Pending pending;

  public Z2mTranslator(Z2mMapping mapping, Z2mState state) {
    this.mapping = mapping;
    this.state = state;
    this.prefix = mapping.baseTopic() + "/";
    this.json =
        new ObjectMapper(
            JsonFactory.builder()
                .streamReadConstraints(
                    StreamReadConstraints.builder()
                        .maxNestingDepth(Limits.MAX_NESTING_DEPTH)
                        .maxStringLength(Limits.MAX_MESSAGE_BYTES)
                        .build())
                .build());
  }

  /** The subscription filter, {@code <baseTopic>/#}. */
  public String filter() {
    return prefix + "#";
  }

  /**
   * Translates one message.
   *
   * @param topic the MQTT topic it arrived on
   * @param payload its bytes
   * @param now the gateway's clock
   * @throws IOException when the seq reservation cannot be written
   */
  public Translation translate(String topic, byte[] payload, Instant now) throws IOException {
    pending = null;
    if (!topic.startsWith(prefix)) {
      return Translation.ignore();
    }
    String name = topic.substring(prefix.length());
    if (name.equals("bridge") || name.startsWith("bridge/")) {
      return Translation.ignore();
    }
    Optional<DeviceMapping> found = mapping.find(name);
    if (found.isEmpty()) {
      int slash = name.lastIndexOf('/');
      if (slash >= 0 && IGNORED_SUFFIXES.contains(name.substring(slash + 1))
          || name.contains("/set/")) {
        return Translation.ignore();
      }
      return Translation.reject(Reason.UNKNOWN_DEVICE, "friendly_name not in the mapping");
    }
    if (payload.length > Limits.MAX_MESSAGE_BYTES) {
      return Translation.reject(Reason.TOO_LARGE, payload.length + " bytes");
    }
    JsonNode root;
    try {
      root = json.readTree(payload);
    } catch (IOException | RuntimeException e) {
      return Translation.reject(Reason.MALFORMED, "not JSON (is Zigbee2MQTT's output json?)");
    }
    if (root == null || !root.isObject()) {
      return Translation.reject(Reason.MALFORMED, "not a JSON object");
    }
    return Translation.of(events(found.get(), root, now));
  }

  private List<Event> events(DeviceMapping m, JsonNode s, Instant now) throws IOException {
    String dev = m.device();
    List<EventType> fired = new ArrayList<>();
    Map<String, JsonNode> updates = new LinkedHashMap<>();
    for (Rule r : m.rules()) {
      JsonNode v = s.get(r.field());
      if (v == null || !v.isValueNode()) {
        continue;
      }
      if (r.matches(v) && (r.momentary() || !matchesOld(state.field(dev, r.field()), v))) {
        fired.add(r.type());
      }
      if (!r.momentary()) {
        updates.put(r.field(), v);
      }
    }
    Integer bat = battery(s.get("battery"));
    if (bat != null) {
      JsonNode old = state.field(dev, "battery");
      int low = mapping.batteryLowPercent();
      if (bat <= low
          && (old == null || old.asInt() > low)
          && !fired.contains(EventType.BATTERY_LOW)) {
        fired.add(EventType.BATTERY_LOW);
      }
      updates.put("battery", IntNode.valueOf(bat));
    } else {
      JsonNode old = state.field(dev, "battery");
      bat = old == null ? null : old.asInt();
    }
    Instant last = state.lastEmitted(dev);
    if (fired.isEmpty()
        && (last == null || Duration.between(last, now).compareTo(mapping.heartbeat()) >= 0)) {
      fired.add(EventType.HEARTBEAT);
    }
    List<Event> out = new ArrayList<>(fired.size());
    for (EventType t : fired) {
      Event e = Event.of(dev, state.nextSeq(dev), t).withTs(now.toEpochMilli());
      if (bat != null) {
        e = e.withBat(bat);
      }
      if (m.door() != null && (t == EventType.DOOR_OPEN || t == EventType.DOOR_CLOSE)) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(Event.DATA_DOOR, m.door());
        e = e.withData(data);
      }
      out.add(e);
    }
    pending = new Pending(dev, updates, out.isEmpty() ? null : now, now);
    return out;
  }

  /**
   * Makes the last translation's state changes (field values, last emission) take effect: call it
   * once its events are stored. Until then the same message translates to the same events again
   * (with new seqs), so that a message whose events could not be stored is not lost when the broker
   * sends it again.
   */
  public void commit() {
    Pending p = pending;
    pending = null;
    if (p == null) {
      return;
    }
    p.updates().forEach((f, v) -> state.setField(p.device(), f, v));
    if (p.emittedAt() != null) {
      state.emitted(p.device(), p.emittedAt());
    }
    try {
      state.saveIfDue(p.now());
    } catch (IOException e) {
      log.warn("z2m: cannot save the state file: {}", e.toString());
    }
  }

  private static boolean matchesOld(JsonNode old, JsonNode v) {
    return old != null && Z2mState.same(old, v);
  }

  /** Zigbee2MQTT's {@code battery}: percent, sometimes fractional; null when absent or absurd. */
  private static Integer battery(JsonNode n) {
    if (n == null || !n.isNumber()) {
      return null;
    }
    double d = n.asDouble();
    if (d < 0 || d > 100 || Double.isNaN(d)) {
      return null;
    }
    return (int) Math.round(d);
  }
}
