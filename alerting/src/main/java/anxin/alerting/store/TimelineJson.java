package anxin.alerting.store;

import anxin.alerting.TimelineEntry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.Map;

/**
 * Timeline entries as rows: a kind name and the entry's other fields as JSON ({@code at} and {@code
 * actor} have columns of their own). Times are ISO-8601 strings, durations ISO-8601 periods, enums
 * their Java names.
 */
final class TimelineJson {

  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final Map<String, Class<? extends TimelineEntry>> KINDS =
      Map.of(
          "opened", TimelineEntry.Opened.class,
          "retriggered", TimelineEntry.Retriggered.class,
          "escalated", TimelineEntry.Escalated.class,
          "notification", TimelineEntry.NotificationIntended.class,
          "command", TimelineEntry.CommandIntended.class,
          "acknowledged", TimelineEntry.Acknowledged.class,
          "resolved", TimelineEntry.Resolved.class,
          "cleared", TimelineEntry.ClearedByRule.class);

  private TimelineJson() {}

  /** The stored kind of an entry, e.g. {@code escalated}. */
  static String kind(TimelineEntry e) {
    for (Map.Entry<String, Class<? extends TimelineEntry>> k : KINDS.entrySet()) {
      if (k.getValue() == e.getClass()) {
        return k.getKey();
      }
    }
    throw new IllegalArgumentException("no stored kind for " + e.getClass());
  }

  /** The entry's fields other than {@code at} and {@code actor}, as a JSON object. */
  static String detail(TimelineEntry e) {
    ObjectNode node = JSON.valueToTree(e);
    node.remove("at");
    node.remove("actor");
    return node.toString();
  }

  /** The entry stored as {@code kind}, {@code at}, {@code actor} and {@code detail}. */
  static TimelineEntry read(String kind, Instant at, String actor, String detail) {
    Class<? extends TimelineEntry> type = KINDS.get(kind);
    if (type == null) {
      throw new IllegalArgumentException("unknown timeline entry kind " + kind);
    }
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(detail);
      node.put("at", at.toString());
      node.put("actor", actor);
      return JSON.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unreadable " + kind + " entry: " + e.getMessage(), e);
    }
  }
}
