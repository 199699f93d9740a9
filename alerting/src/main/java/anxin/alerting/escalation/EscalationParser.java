package anxin.alerting.escalation;

import anxin.alerting.NotificationIntent.Channel;
import anxin.alerting.Severity;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@link FacilityEscalation} from flat key/value settings, collecting every problem. */
final class EscalationParser {

  /** Steps a policy may have. */
  static final int MAX_STEPS = 9;

  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private static final Pattern STEP_KEY = Pattern.compile("p([123])\\.step\\.([1-9])");

  private final List<String> problems = new ArrayList<>();

  private EscalationParser() {}

  static FacilityEscalation parse(Map<String, String> settings) {
    Map<String, String> merged = new TreeMap<>();
    for (EscalationSetting s : EscalationSetting.values()) {
      merged.put(s.key(), s.defaultValue());
    }
    EscalationParser p = new EscalationParser();
    Set<String> known = new java.util.HashSet<>(merged.keySet());
    new TreeMap<>(settings)
        .forEach(
            (key, value) -> {
              if (known.contains(key) || STEP_KEY.matcher(key).matches()) {
                merged.put(key, value);
              } else {
                p.problems.add("unknown key: " + key);
              }
            });
    return p.build(merged);
  }

  private FacilityEscalation build(Map<String, String> m) {
    String language = m.get(EscalationSetting.LANGUAGE.key()).trim();
    if (!FacilityEscalation.LANGUAGES.contains(language)) {
      problems.add("language must be one of " + FacilityEscalation.LANGUAGES + ": " + language);
    }
    DailyWindow quiet = window(EscalationSetting.FAMILY_QUIET_HOURS.key(), m);
    DailyWindow night = window(EscalationSetting.SMS_NIGHT.key(), m);
    Map<Severity, EscalationPolicy> policies = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      EscalationPolicy p = policy(s, m);
      if (p != null) {
        policies.put(s, p);
      }
    }
    DigestPolicy digest = digest(m);
    if (problems.isEmpty()) {
      try {
        return new FacilityEscalation(language, quiet, night, policies, digest);
      } catch (InvalidEscalationException e) {
        problems.addAll(e.problems());
      }
    }
    throw new InvalidEscalationException(problems);
  }

  private EscalationPolicy policy(Severity severity, Map<String, String> m) {
    String prefix = FacilityEscalation.prefix(severity);
    Map<Integer, String> raw = new HashMap<>();
    m.forEach(
        (key, value) -> {
          Matcher k = STEP_KEY.matcher(key);
          if (k.matches() && key.startsWith(prefix) && !value.isBlank()) {
            raw.put(Integer.parseInt(k.group(2)), value);
          }
        });
    List<EscalationStep> steps = new ArrayList<>();
    Duration previous = Duration.ZERO;
    for (int k = 1; k <= MAX_STEPS; k++) {
      String key = prefix + "step." + k;
      if (!raw.containsKey(k)) {
        if (k == 1) {
          problems.add(key + " is missing: a policy needs at least one step");
        }
        for (int later = k + 1; later <= MAX_STEPS; later++) {
          if (raw.containsKey(later)) {
            problems.add(prefix + "step." + later + " is set but " + key + " is not");
          }
        }
        break;
      }
      EscalationStep step = step(key, raw.get(k));
      if (step != null) {
        if (step.delay().compareTo(previous) < 0) {
          problems.add(key + " is due before the step before it: " + raw.get(k));
        }
        previous = step.delay();
        steps.add(step);
      }
    }
    Duration remind = duration(prefix + "remind-every", m.get(prefix + "remind-every"));
    Boolean smsAtNight = bool(prefix + "sms-at-night", m.get(prefix + "sms-at-night"));
    if (severity == Severity.P1 && Boolean.FALSE.equals(smsAtNight)) {
      problems.add(FacilityEscalation.P1_SMS_AT_NIGHT_PROBLEM);
    }
    if (remind == null || smsAtNight == null || steps.isEmpty()) {
      return null;
    }
    return new EscalationPolicy(severity, steps, remind, smsAtNight);
  }

  private EscalationStep step(String key, String raw) {
    String[] parts = raw.split(";", -1);
    if (parts.length != 3) {
      problems.add(key + " is not `<delay>; <audiences>; <channels>`: " + raw);
      return null;
    }
    Duration delay = duration(key, parts[0]);
    Set<Audience> audience = EnumSet.noneOf(Audience.class);
    for (String name : names(parts[1])) {
      Audience a = Audience.fromWireName(name);
      if (a == null) {
        problems.add(key + " has an unknown audience (" + audienceNames() + "): " + name);
      } else {
        audience.add(a);
      }
    }
    Set<Channel> channels = EnumSet.noneOf(Channel.class);
    for (String name : names(parts[2])) {
      Channel c = channel(name);
      if (c == null) {
        problems.add(key + " has an unknown channel (console, webhook, sms): " + name);
      } else {
        channels.add(c);
      }
    }
    if (audience.isEmpty() && names(parts[1]).isEmpty()) {
      problems.add(key + " names no audience: " + raw);
    }
    if (channels.isEmpty() && names(parts[2]).isEmpty()) {
      problems.add(key + " names no channel: " + raw);
    }
    if (delay == null || audience.isEmpty() || channels.isEmpty()) {
      return null;
    }
    return new EscalationStep(delay, audience, channels);
  }

  private DigestPolicy digest(Map<String, String> m) {
    String atKey = EscalationSetting.P3_DIGEST_AT.key();
    String rawAt = m.get(atKey).trim();
    LocalTime at = null;
    boolean atOk = true;
    if (!rawAt.equals("none")) {
      try {
        at = LocalTime.parse(rawAt, HH_MM);
      } catch (DateTimeParseException e) {
        problems.add(atKey + " is not a local time HH:mm or none: " + rawAt);
        atOk = false;
      }
    }
    String toKey = EscalationSetting.P3_DIGEST_TO.key();
    Set<Audience> to = EnumSet.noneOf(Audience.class);
    boolean namesOk = true;
    for (String name : names(m.get(toKey))) {
      Audience a = Audience.fromWireName(name);
      if (a == null) {
        problems.add(toKey + " has an unknown audience (" + audienceNames() + "): " + name);
        namesOk = false;
      } else {
        to.add(a);
      }
    }
    String channelsKey = EscalationSetting.P3_DIGEST_CHANNELS.key();
    Set<Channel> channels = EnumSet.noneOf(Channel.class);
    for (String name : names(m.get(channelsKey))) {
      Channel c = channel(name);
      if (c == null) {
        problems.add(channelsKey + " has an unknown channel (console, webhook): " + name);
        namesOk = false;
      } else {
        channels.add(c);
      }
    }
    List<String> digestProblems = new ArrayList<>(DigestPolicy.problems(to, channels));
    if (!namesOk) {
      // "names no audience/channel" when every name given was unknown: already reported
      digestProblems.removeIf(p -> p.contains(" names no "));
    }
    problems.addAll(digestProblems);
    if (!atOk || !namesOk || !digestProblems.isEmpty()) {
      return null;
    }
    return new DigestPolicy(at, to, channels);
  }

  private DailyWindow window(String key, Map<String, String> m) {
    try {
      return DailyWindow.parse(m.get(key));
    } catch (IllegalArgumentException e) {
      problems.add(key + " is " + e.getMessage());
      return null;
    }
  }

  private Duration duration(String key, String raw) {
    String s = raw.trim();
    try {
      if (s.startsWith("P") || s.startsWith("p")) {
        Duration d = Duration.parse(s);
        return nonNegative(key, raw, d);
      }
      Matcher m = Pattern.compile("(\\d{1,9})\\s*(ms|s|min|h)").matcher(s);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        Duration d =
            switch (m.group(2)) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "min" -> Duration.ofMinutes(n);
              default -> Duration.ofHours(n);
            };
        return nonNegative(key, raw, d);
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    problems.add(key + " is not a duration (0s, 60s, 10min, 1h, PT60S): " + raw.trim());
    return null;
  }

  private Duration nonNegative(String key, String raw, Duration d) {
    if (d.isNegative()) {
      problems.add(key + " must not be negative: " + raw.trim());
      return null;
    }
    return d;
  }

  private Boolean bool(String key, String raw) {
    return switch (raw.trim()) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> {
        problems.add(key + " is not true or false: " + raw);
        yield null;
      }
    };
  }

  private static Channel channel(String name) {
    for (Channel c : Channel.values()) {
      if (c.wireName().equals(name)) {
        return c;
      }
    }
    return null;
  }

  private static List<String> names(String raw) {
    List<String> out = new ArrayList<>();
    for (String part : raw.split(",", -1)) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  private static String audienceNames() {
    StringBuilder b = new StringBuilder();
    for (Audience a : Audience.values()) {
      b.append(b.length() == 0 ? "" : ", ").append(a.wireName());
    }
    return b.toString();
  }
}
