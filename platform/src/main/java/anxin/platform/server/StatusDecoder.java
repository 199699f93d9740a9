package anxin.platform.server;

import anxin.platform.store.GatewayReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

/**
 * Decodes a gateway's status message (docs/protocol.md §8): {@code {"state":"online","ver":"2.1.0",
 * "queued":12}}, optionally with {@code "local_alarms":[…]}; the Last Will is {@code
 * {"state":"offline"}}. Bad input is a value, not an exception.
 */
final class StatusDecoder {

  /** The largest status accepted, in bytes. */
  static final int MAX_BYTES = 4096;

  static final int MAX_VERSION_CHARS = 64;
  static final long MAX_QUEUED = 1_000_000_000L;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Why a status was rejected; the tag value of the rejection counter. */
  enum Reason {
    BAD_TOPIC,
    TOO_LARGE,
    NOT_JSON,
    BAD_STATE,
    BAD_VERSION,
    BAD_QUEUED,
    BAD_EVICTED,
    BAD_LOCAL_ALARMS;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What a status decodes to. */
  sealed interface Decoded permits Ok, Rejected {}

  /** A valid status. */
  record Ok(GatewayReport report) implements Decoded {}

  /**
   * An invalid status.
   *
   * @param online the state when that much was valid (the gateway-offline rule can still use it),
   *     or null when the state itself is missing or invalid
   */
  record Rejected(Reason reason, String detail, Boolean online) implements Decoded {}

  private StatusDecoder() {}

  static Decoded decode(String facility, String gateway, byte[] payload, Instant at) {
    if (payload.length > MAX_BYTES) {
      return new Rejected(Reason.TOO_LARGE, payload.length + " bytes", null);
    }
    JsonNode node;
    try {
      node = JSON.readTree(payload);
    } catch (IOException e) {
      return new Rejected(Reason.NOT_JSON, "unparsable", null);
    }
    if (node == null || !node.isObject()) {
      return new Rejected(Reason.NOT_JSON, "not an object", null);
    }
    JsonNode state = node.get("state");
    Boolean online =
        state == null || !state.isTextual()
            ? null
            : "online".equals(state.asText())
                ? Boolean.TRUE
                : "offline".equals(state.asText()) ? Boolean.FALSE : null;
    if (online == null) {
      return new Rejected(Reason.BAD_STATE, "state " + state, null);
    }
    JsonNode ver = node.get("ver");
    String version = null;
    if (ver != null && !ver.isNull()) {
      if (!ver.isTextual()
          || ver.asText().isEmpty()
          || ver.asText().length() > MAX_VERSION_CHARS
          || ver.asText().chars().anyMatch(Character::isISOControl)) {
        return new Rejected(Reason.BAD_VERSION, "ver of " + describe(ver), online);
      }
      version = ver.asText();
    }
    JsonNode q = node.get("queued");
    Long queued = null;
    if (q != null && !q.isNull()) {
      if (!q.isIntegralNumber()
          || !q.canConvertToLong()
          || q.asLong() < 0
          || q.asLong() > MAX_QUEUED) {
        return new Rejected(Reason.BAD_QUEUED, "queued " + describe(q), online);
      }
      queued = q.asLong();
    }
    JsonNode ev = node.get("evicted");
    Long evicted = null;
    if (ev != null && !ev.isNull()) {
      if (!ev.isIntegralNumber() || !ev.canConvertToLong() || ev.asLong() < 0) {
        return new Rejected(Reason.BAD_EVICTED, "evicted " + describe(ev), online);
      }
      evicted = ev.asLong();
    }
    JsonNode alarms = node.get("local_alarms");
    String alarmsJson = null;
    if (alarms != null && !alarms.isNull()) {
      if (!alarms.isArray()) {
        return new Rejected(Reason.BAD_LOCAL_ALARMS, "local_alarms not an array", online);
      }
      alarmsJson = alarms.toString();
    }
    return new Ok(
        new GatewayReport(facility, gateway, online, version, queued, evicted, alarmsJson, at));
  }

  /** A short, bounded description of a bad value for DEBUG logs. */
  private static String describe(JsonNode n) {
    String s = n.toString();
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
