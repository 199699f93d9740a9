package anxin.platform.server;

import anxin.alerting.FacilityRules;
import anxin.alerting.InvalidRulesException;
import anxin.alerting.escalation.FacilityEscalation;
import anxin.alerting.escalation.InvalidEscalationException;
import anxin.protocol.Ids;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON bodies of {@code PUT /api/v1/facilities} and {@code PUT /api/v1/policies}, read and
 * checked completely (every problem listed at once), with no I/O: the routes' parse step, and what
 * the platform's fuzz target {@code PUT} runs (docs/reliability.md#fuzzing).
 */
final class ProvisioningBodies {

  private ProvisioningBodies() {}

  /**
   * A refused body, answered {@code 400}: the API's reason ({@code bad_body} or {@code invalid}), a
   * detail, and each problem found.
   */
  record Refusal(String reason, String detail, List<String> problems) {}

  /** Either a value or a refusal. */
  record Read<T>(T value, Refusal refusal) {
    static <T> Read<T> ok(T value) {
      return new Read<>(value, null);
    }

    static <T> Read<T> refused(String reason, String detail, List<String> problems) {
      return new Read<>(null, new Refusal(reason, detail, List.copyOf(problems)));
    }
  }

  /** A facility to add or change; {@code body} is echoed in the answer. */
  record FacilityBody(
      String id, String name, String county, String region, String zone, JsonNode body) {}

  /** The body as a JSON object, or {@code bad_body}. */
  static Read<JsonNode> object(String text) {
    try {
      JsonNode n = text == null || text.isBlank() ? null : AlertJson.JSON.readTree(text);
      if (n == null || !n.isObject()) {
        return Read.refused("bad_body", "the body must be a JSON object", List.of());
      }
      return Read.ok(n);
    } catch (IOException e) {
      return Read.refused("bad_body", "the body is not JSON", List.of());
    }
  }

  /** {@code {"id", "name", "zone"?, "county"?, "region"?}}. */
  static Read<FacilityBody> facility(String text) {
    Read<JsonNode> o = object(text);
    if (o.refusal() != null) {
      return new Read<>(null, o.refusal());
    }
    JsonNode b = o.value();
    List<String> problems = new ArrayList<>();
    String id = b.path("id").asText(null);
    String name = b.path("name").asText(null);
    String zone = b.path("zone").asText("Asia/Shanghai");
    if (!Ids.isFacilityId(id)) {
      problems.add("id: a facility id is [a-z0-9][a-z0-9-]{0,31}: " + clip(id));
    }
    if (name == null || name.isBlank() || name.length() > 200) {
      problems.add("name: 1..200 characters");
    }
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      problems.add("zone: not a time zone id (e.g. Asia/Shanghai): " + clip(zone));
    }
    if (!problems.isEmpty()) {
      return Read.refused("invalid", String.join("; ", problems), problems);
    }
    return Read.ok(
        new FacilityBody(
            id, name, b.path("county").asText(null), b.path("region").asText(null), zone, b));
  }

  /**
   * {@code {"settings": {"rules.…": "…", "escalation.…": "…"}}}: the settings given, checked
   * together with the defaults they override by the same parsers the alerting core uses.
   */
  static Read<Map<String, String>> policies(
      String text, Map<String, String> ruleDefaults, Map<String, String> escalationDefaults) {
    Read<JsonNode> o = object(text);
    if (o.refusal() != null) {
      return new Read<>(null, o.refusal());
    }
    JsonNode settings = o.value().path("settings");
    if (!settings.isObject()) {
      return Read.refused(
          "bad_body", "{\"settings\": {\"rules.door.left-open\": \"20min\", ...}}", List.of());
    }
    Map<String, String> given = new TreeMap<>();
    Map<String, String> rules = new TreeMap<>(ruleDefaults);
    Map<String, String> escalation = new TreeMap<>(escalationDefaults);
    List<String> problems = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = settings.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      String value = e.getValue().asText();
      if (key.startsWith("rules.")) {
        rules.put(key.substring("rules.".length()), value);
      } else if (key.startsWith("escalation.")) {
        escalation.put(key.substring("escalation.".length()), value);
      } else {
        problems.add(clip(key) + ": settings are rules.* or escalation.*");
        continue;
      }
      given.put(key, value);
    }
    try {
      FacilityRules.parse(rules);
    } catch (InvalidRulesException e) {
      e.problems().forEach(x -> problems.add("rules." + x));
    }
    try {
      FacilityEscalation.parse(escalation);
    } catch (InvalidEscalationException e) {
      e.problems().forEach(x -> problems.add("escalation." + x));
    }
    if (!problems.isEmpty()) {
      return Read.refused("invalid", problems.size() + " problem(s)", problems);
    }
    return Read.ok(given);
  }

  /** At most 64 characters of what the caller sent, for a message. */
  private static String clip(String s) {
    return s == null || s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
