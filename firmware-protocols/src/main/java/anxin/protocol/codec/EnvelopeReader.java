package anxin.protocol.codec;

import anxin.protocol.DecodeResult;
import anxin.protocol.Decoded;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Ids;
import anxin.protocol.Limits;
import anxin.protocol.Reason;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a parsed message tree into envelopes, checking each field against DESIGN §3.
 *
 * <p>Order of checks for one envelope: it must be a map; {@code v} must be present and an integer
 * (else {@code malformed}) equal to 1 (else {@code unsupported_version}: a later version may change
 * every other field, so nothing else is judged); then {@code dev}, {@code seq} and {@code type}
 * must be present and of the right type and range ({@code malformed}); then {@code type} must be a
 * v1 type ({@code unknown_type}); then the optional fields and the known {@code data} keys. Unknown
 * top-level keys are ignored, unknown {@code data} keys kept, for forward compatibility.
 */
final class EnvelopeReader {

  private EnvelopeReader() {}

  static DecodeResult read(JsonNode root) {
    if (root.isArray()) {
      List<Decoded> items = new ArrayList<>(root.size());
      for (int i = 0; i < root.size(); i++) {
        items.add(readEnvelope(root.get(i), i));
      }
      return new DecodeResult(items, true);
    }
    if (root.isObject()) {
      return new DecodeResult(List.of(readEnvelope(root, 0)), false);
    }
    return DecodeResult.rejected(
        Reason.MALFORMED, "message must be an envelope map or an array of them, got " + kind(root));
  }

  private static Decoded readEnvelope(JsonNode node, int index) {
    if (!node.isObject()) {
      return reject(
          index, Reason.MALFORMED, "envelope must be a map, got " + kind(node), null, null);
    }
    JsonNode v = node.get("v");
    if (v == null) {
      return reject(index, Reason.MALFORMED, "v: missing", null, null);
    }
    if (!v.isIntegralNumber()) {
      return reject(index, Reason.MALFORMED, "v: must be an integer, got " + kind(v), null, null);
    }
    if (!v.canConvertToLong() || v.longValue() != Limits.PROTOCOL_VERSION) {
      return reject(
          index,
          Reason.UNSUPPORTED_VERSION,
          "v: version " + v.asText() + " is not supported, only 1",
          null,
          null);
    }

    JsonNode devNode = node.get("dev");
    if (devNode == null) {
      return reject(index, Reason.MALFORMED, "dev: missing", null, null);
    }
    if (!devNode.isTextual()) {
      return reject(
          index, Reason.MALFORMED, "dev: must be a string, got " + kind(devNode), null, null);
    }
    String dev = devNode.textValue();
    if (!Ids.isDeviceId(dev)) {
      return reject(
          index,
          Reason.MALFORMED,
          "dev: must match [A-Za-z0-9][A-Za-z0-9_.-]{0,63}, got " + show(dev),
          null,
          null);
    }

    JsonNode seqNode = node.get("seq");
    Optional<String> seqProblem = integerProblem("seq", seqNode, 0, Limits.MAX_SEQ, true);
    if (seqProblem.isPresent()) {
      return reject(index, Reason.MALFORMED, seqProblem.get(), dev, null);
    }
    long seq = seqNode.longValue();

    JsonNode typeNode = node.get("type");
    if (typeNode == null) {
      return reject(index, Reason.MALFORMED, "type: missing", dev, seq);
    }
    if (!typeNode.isTextual()) {
      return reject(
          index, Reason.MALFORMED, "type: must be a string, got " + kind(typeNode), dev, seq);
    }
    Optional<EventType> type = EventType.fromWireName(typeNode.textValue());
    if (type.isEmpty()) {
      return reject(
          index,
          Reason.UNKNOWN_TYPE,
          "type: " + show(typeNode.textValue()) + " is not a v1 event type",
          dev,
          seq);
    }

    JsonNode ts = node.get("ts");
    Optional<String> problem = integerProblem("ts", ts, Long.MIN_VALUE, Long.MAX_VALUE, false);
    if (problem.isEmpty()) {
      problem =
          integerProblem("bat", node.get("bat"), Limits.MIN_BATTERY, Limits.MAX_BATTERY, false);
    }
    if (problem.isEmpty()) {
      problem =
          integerProblem("rssi", node.get("rssi"), Integer.MIN_VALUE, Integer.MAX_VALUE, false);
    }
    JsonNode dataNode = node.get("data");
    if (problem.isEmpty() && dataNode != null && !dataNode.isObject()) {
      problem = Optional.of("data: must be a map, got " + kind(dataNode));
    }
    if (problem.isEmpty() && dataNode != null) {
      problem = knownDataProblem(type.get(), dataNode);
    }
    if (problem.isEmpty() && dataNode != null) {
      problem = invalidText(dataNode, "data");
    }
    if (problem.isPresent()) {
      return reject(index, Reason.MALFORMED, problem.get(), dev, seq);
    }

    Map<String, Object> data = dataNode == null ? Map.of() : toMap(dataNode);
    Event event =
        new Event(
            dev,
            seq,
            type.get(),
            ts == null ? null : ts.longValue(),
            intOrNull(node.get("bat")),
            intOrNull(node.get("rssi")),
            data);
    return new Decoded.Accepted(index, event);
  }

  /** Checks the known {@code data} keys of DESIGN §3: {@code fall.conf} and {@code door_*.door}. */
  private static Optional<String> knownDataProblem(EventType type, JsonNode data) {
    if (type == EventType.FALL) {
      JsonNode conf = data.get(Event.DATA_CONFIDENCE);
      if (conf != null) {
        if (!conf.isNumber()) {
          return Optional.of("data.conf: must be a number 0..1, got " + kind(conf));
        }
        double c = conf.doubleValue();
        if (!(c >= 0.0 && c <= 1.0)) {
          return Optional.of("data.conf: must be a number 0..1, got " + conf.asText());
        }
      }
    }
    if (type == EventType.DOOR_OPEN || type == EventType.DOOR_CLOSE) {
      JsonNode door = data.get(Event.DATA_DOOR);
      if (door != null && !door.isTextual()) {
        return Optional.of("data.door: must be a string, got " + kind(door));
      }
    }
    return Optional.empty();
  }

  /**
   * Finds a string (key or value) that is not valid Unicode: JSON escapes can spell a lone
   * surrogate ({@code "\ud800"}) that UTF-8 cannot carry, so the event could not be re-encoded (a
   * gateway turning JSON into CBOR would fail on it).
   */
  private static Optional<String> invalidText(JsonNode node, String path) {
    if (node.isTextual()) {
      return hasLoneSurrogate(node.textValue())
          ? Optional.of(path + ": string is not valid Unicode (lone surrogate)")
          : Optional.empty();
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (hasLoneSurrogate(f.getKey())) {
          return Optional.of(path + ": key is not valid Unicode (lone surrogate)");
        }
        Optional<String> p = invalidText(f.getValue(), path + "." + f.getKey());
        if (p.isPresent()) {
          return p;
        }
      }
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        Optional<String> p = invalidText(node.get(i), path + "[" + i + "]");
        if (p.isPresent()) {
          return p;
        }
      }
    }
    return Optional.empty();
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> integerProblem(
      String field, JsonNode node, long min, long max, boolean required) {
    if (node == null) {
      return required ? Optional.of(field + ": missing") : Optional.empty();
    }
    String range = min == Long.MIN_VALUE ? "a 64-bit integer" : "an integer " + min + ".." + max;
    if (!node.isIntegralNumber()) {
      return Optional.of(field + ": must be " + range + ", got " + kind(node));
    }
    if (!node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
      return Optional.of(field + ": must be " + range + ", got " + node.asText());
    }
    return Optional.empty();
  }

  private static Integer intOrNull(JsonNode node) {
    return node == null ? null : node.intValue();
  }

  private static Map<String, Object> toMap(JsonNode object) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      map.put(field.getKey(), toValue(field.getValue()));
    }
    return map;
  }

  private static Object toValue(JsonNode node) {
    if (node.isObject()) {
      return toMap(node);
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(element -> list.add(toValue(element)));
      return list;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBinary()) {
      return binary(node);
    }
    return null; // JSON null, CBOR null/undefined/simple values
  }

  private static byte[] binary(JsonNode node) {
    try {
      return node.binaryValue();
    } catch (java.io.IOException e) {
      return new byte[0];
    }
  }

  private static Decoded.Rejected reject(
      int index, Reason reason, String detail, String dev, Long seq) {
    return new Decoded.Rejected(index, reason, detail, dev, seq);
  }

  /** The JSON/CBOR kind of a node, for details: "string", "float", "map"... */
  static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "array";
      case OBJECT -> "map";
      case POJO -> "CBOR simple value"; // the only embedded object the CBOR reader yields
      case STRING -> "string " + show(node.textValue());
      case BOOLEAN -> "boolean";
      case NULL, MISSING -> "null";
      case BINARY -> "byte string";
      case NUMBER ->
          node.isIntegralNumber() ? "integer " + node.asText() : "float " + node.asText();
    };
  }

  /** A device-supplied string made safe for a log line: quoted, control chars escaped, bounded. */
  static String show(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), 64) + 2).append('"');
    for (int i = 0; i < s.length() && i < 64; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > 64) {
      b.append('…');
    }
    return b.append('"').toString();
  }
}
