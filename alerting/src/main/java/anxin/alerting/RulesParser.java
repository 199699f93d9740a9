package anxin.alerting;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Reads {@link FacilityRules} from flat key/value settings, collecting every problem. */
final class RulesParser {

  private static final String RESIDENT = "resident.";
  private static final String CARE = ".care";
  private static final String DEVICE = "device.";
  private static final String HEARTBEAT = ".heartbeat";

  private final List<String> problems = new ArrayList<>();
  private final Map<RuleSetting, Object> values = new EnumMap<>(RuleSetting.class);
  private final Map<String, CarePlan> carePlans = new HashMap<>();
  private final Map<String, Duration> heartbeats = new HashMap<>();

  private RulesParser() {}

  static FacilityRules parse(Map<String, String> settings) {
    RulesParser p = new RulesParser();
    Map<String, RuleSetting> byKey = new HashMap<>();
    for (RuleSetting s : RuleSetting.values()) {
      byKey.put(s.key(), s);
      p.read(s, s.defaultValue(), "default of " + s.key());
    }
    // Sorted so that problems come in a stable order.
    new TreeMap<>(settings).forEach((key, value) -> p.readKey(byKey, key, value));
    return p.build();
  }

  private void readKey(Map<String, RuleSetting> byKey, String key, String value) {
    RuleSetting s = byKey.get(key);
    if (s != null) {
      read(s, value, s.key());
    } else if (key.startsWith(RESIDENT) && key.endsWith(CARE) && key.length() > 14) {
      String resident = key.substring(RESIDENT.length(), key.length() - CARE.length());
      carePlans.put(resident, carePlan(key, value));
    } else if (key.startsWith(DEVICE) && key.endsWith(HEARTBEAT) && key.length() > 17) {
      String device = key.substring(DEVICE.length(), key.length() - HEARTBEAT.length());
      Duration d = duration(key, value);
      if (d != null) {
        heartbeats.put(device, d);
      }
    } else {
      problems.add("unknown key: " + key);
    }
  }

  private void read(RuleSetting s, String raw, String what) {
    Object v =
        switch (s.unit()) {
          case DURATION -> duration(what, raw);
          case LOCAL_TIME -> localTime(what, raw);
          case ZONE -> zone(what, raw);
          case NAMES -> names(raw);
          case COUNT, PERCENT -> integer(what, raw);
        };
    if (v != null) {
      values.put(s, v);
    }
  }

  private FacilityRules build() {
    try {
      FacilityRules rules =
          new FacilityRules(
              (ZoneId) values.get(RuleSetting.ZONE),
              (LocalTime) values.get(RuleSetting.NIGHT_START),
              (LocalTime) values.get(RuleSetting.NIGHT_END),
              names(values.get(RuleSetting.EXIT_DOORS)),
              (Duration) values.get(RuleSetting.NIGHT_EXIT_GRACE),
              (Duration) values.get(RuleSetting.FALL_CANCEL_WINDOW),
              (Duration) values.get(RuleSetting.REPEATED_FALL_WINDOW),
              (Duration) values.get(RuleSetting.DOOR_LEFT_OPEN),
              (Duration) values.get(RuleSetting.NOT_BACK_IN_BED),
              (Duration) values.get(RuleSetting.INACTIVITY_AFTER),
              (LocalTime) values.get(RuleSetting.DAY_START),
              (LocalTime) values.get(RuleSetting.DAY_END),
              (Duration) values.get(RuleSetting.HEARTBEAT),
              (Integer) values.get(RuleSetting.SILENT_HEARTBEATS),
              (Duration) values.get(RuleSetting.GATEWAY_SILENT),
              (Integer) values.get(RuleSetting.BATTERY_LOW_PERCENT),
              (Duration) values.get(RuleSetting.LATE_AFTER),
              carePlans,
              heartbeats);
      if (problems.isEmpty()) {
        return rules;
      }
    } catch (InvalidRulesException e) {
      problems.addAll(e.problems());
    }
    throw new InvalidRulesException(problems);
  }

  @SuppressWarnings("unchecked")
  private static Set<String> names(Object v) {
    return (Set<String>) v;
  }

  private Duration duration(String key, String raw) {
    String s = raw.trim();
    try {
      if (s.startsWith("P") || s.startsWith("p")) {
        return Duration.parse(s);
      }
      int i = 0;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i > 0 && i <= 12) {
        long n = Long.parseLong(s.substring(0, i));
        switch (s.substring(i).trim()) {
          case "ms":
            return Duration.ofMillis(n);
          case "s":
            return Duration.ofSeconds(n);
          case "min":
            return Duration.ofMinutes(n);
          case "h":
            return Duration.ofHours(n);
          case "d":
            return Duration.ofDays(n);
          default:
            break;
        }
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      // reported below
    }
    problems.add(key + " is not a duration (500ms, 30s, 15min, 12h, 1d, PT30S): " + raw);
    return null;
  }

  private LocalTime localTime(String key, String raw) {
    try {
      return LocalTime.parse(raw.trim());
    } catch (DateTimeParseException e) {
      problems.add(key + " is not a local time HH:mm: " + raw);
      return null;
    }
  }

  private ZoneId zone(String key, String raw) {
    try {
      return ZoneId.of(raw.trim());
    } catch (DateTimeException e) {
      problems.add(key + " is not a time zone: " + raw);
      return null;
    }
  }

  private Integer integer(String key, String raw) {
    try {
      return Integer.valueOf(raw.trim());
    } catch (NumberFormatException e) {
      problems.add(key + " is not an integer: " + raw);
      return null;
    }
  }

  private static Set<String> names(String raw) {
    Set<String> out = new LinkedHashSet<>();
    for (String part : raw.split(",", -1)) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  private CarePlan carePlan(String key, String raw) {
    boolean wandering = false;
    boolean alone = false;
    boolean fall = false;
    for (String flag : names(raw)) {
      switch (flag) {
        case "wandering_risk" -> wandering = true;
        case "lives_alone" -> alone = true;
        case "fall_risk" -> fall = true;
        default ->
            problems.add(
                key + " has an unknown flag (wandering_risk, lives_alone, fall_risk): " + flag);
      }
    }
    return new CarePlan(wandering, alone, fall);
  }
}
