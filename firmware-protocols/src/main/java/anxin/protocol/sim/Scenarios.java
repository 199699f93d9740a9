package anxin.protocol.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads scenarios from JSON. Every problem is reported at once, each naming its field, e.g. {@code
 * incidents[2].at: not a time of day (HH:mm[:ss]): "25:00"}.
 */
public final class Scenarios {

  /** The bundled night in a 40-bed care home (a fall at 02:13, a wandering exit at 03:40...). */
  public static final String NIGHT_40_BEDS = "night-40-beds";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Scenarios() {}

  /** Loads a scenario bundled under {@code anxin/scenarios/NAME.json} on the class path. */
  public static Scenario bundled(String name) {
    String path = "/anxin/scenarios/" + name + ".json";
    try (InputStream in = Scenarios.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no bundled scenario: " + name);
      }
      return parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a scenario.
   *
   * @throws IllegalArgumentException listing every problem found
   */
  public static Scenario parse(byte[] json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("scenario is not valid JSON: " + e.getMessage(), e);
    }
    Reader r = new Reader();
    Scenario s =
        r.finish(
            () -> {
              List<Incident> incidents = new ArrayList<>();
              JsonNode list = root.path("incidents");
              for (int i = 0; i < list.size(); i++) {
                incidents.add(r.incident(list.get(i), "incidents[" + i + "]"));
              }
              List<String> doors = new ArrayList<>();
              root.path("exitDoors").forEach(d -> doors.add(d.asText()));
              return new Scenario(
                  r.text(root, "name", "scenario"),
                  r.text(root, "facility", null),
                  ZoneId.of(r.text(root, "zone", "Asia/Shanghai")),
                  r.time(root, "start", "22:00"),
                  r.duration(root, "duration", "PT8H"),
                  root.path("rooms").asInt(0),
                  doors.isEmpty() ? List.of("main") : doors,
                  r.duration(root, "heartbeat", "PT5M"),
                  root.path("motionPerHour").asDouble(1.0),
                  root.path("bathroomTripsPerNight").asDouble(0.3),
                  root.path("seed").asLong(1),
                  incidents);
            });
    return s;
  }

  /** Collects problems instead of stopping at the first. */
  private static final class Reader {
    private final List<String> problems = new ArrayList<>();

    Scenario finish(java.util.function.Supplier<Scenario> build) {
      Scenario s = null;
      try {
        s = build.get();
      } catch (RuntimeException e) {
        problems.add(e.getMessage());
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid scenario: " + String.join("; ", problems));
      }
      return s;
    }

    String text(JsonNode node, String field, String fallback) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        if (fallback == null) {
          problems.add(field + ": missing");
          return "x";
        }
        return fallback;
      }
      return v.asText();
    }

    LocalTime time(JsonNode node, String field, String fallback) {
      String t = text(node, field, fallback);
      try {
        return LocalTime.parse(t);
      } catch (RuntimeException e) {
        problems.add(field + ": not a time of day (HH:mm[:ss]): \"" + t + "\"");
        return LocalTime.MIDNIGHT;
      }
    }

    Duration duration(JsonNode node, String field, String fallback) {
      String t = text(node, field, fallback);
      if (t == null) {
        return null;
      }
      try {
        return Duration.parse(t);
      } catch (RuntimeException e) {
        problems.add(field + ": not an ISO-8601 duration such as PT5M: \"" + t + "\"");
        return Duration.ofMinutes(1);
      }
    }

    Incident incident(JsonNode n, String where) {
      Incident.Kind kind;
      String kindText = n.path("kind").asText("");
      try {
        kind = Incident.Kind.valueOf(kindText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(where + ".kind: unknown incident kind \"" + kindText + "\"");
        kind = Incident.Kind.PANIC;
      }
      DeviceKind device = null;
      if (n.hasNonNull("device")) {
        try {
          device = DeviceKind.valueOf(n.get("device").asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          problems.add(where + ".device: unknown device kind \"" + n.get("device").asText() + "\"");
        }
      }
      int before = problems.size();
      LocalTime at = time(n, "at", null);
      Duration cancelAfter = n.hasNonNull("cancelAfter") ? duration(n, "cancelAfter", null) : null;
      Duration duration = n.hasNonNull("duration") ? duration(n, "duration", null) : null;
      for (int i = before; i < problems.size(); i++) {
        problems.set(i, where + "." + problems.get(i));
      }
      return new Incident(
          at,
          n.path("room").asInt(1),
          kind,
          n.hasNonNull("conf") ? n.get("conf").asDouble() : null,
          cancelAfter,
          n.hasNonNull("door") ? n.get("door").asText() : null,
          duration,
          device,
          n.hasNonNull("battery") ? n.get("battery").asInt() : null);
    }
  }
}
