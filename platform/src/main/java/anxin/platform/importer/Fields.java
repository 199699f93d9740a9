package anxin.platform.importer;

import anxin.alerting.escalation.DailyWindow;
import anxin.ingest.registry.TokenHash;
import anxin.protocol.Ids;
import anxin.protocol.sim.DeviceKind;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The syntax of each kind of cell: each method reads a cell of a {@link Row}, records what is wrong
 * with it, and returns the value as it is stored (canonical, so that a re-import compares equal),
 * or null when it is blank or bad.
 */
final class Fields {

  static final List<String> DEVICE_KINDS = deviceKinds();
  static final List<String> CARE_FLAGS = List.of("wandering_risk", "lives_alone", "fall_risk");
  static final List<String> ROLES = List.of("caregiver", "supervisor", "manager");
  static final Duration MIN_HEARTBEAT = Duration.ofSeconds(10);
  static final Duration MAX_HEARTBEAT = Duration.ofHours(24);

  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._#/-]{0,31}");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_.-]{0,31}");
  private static final Pattern WEBHOOK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
  private static final Pattern HHMM = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
  private static final Pattern HEARTBEAT = Pattern.compile("([0-9]{1,6})\\s*([smh]?)");
  private static final int MAX_NAME = 100;
  private static final int MIN_TOKEN = 16;
  private static final int MAX_TOKEN = 256;

  private Fields() {}

  private static List<String> deviceKinds() {
    List<String> out = new ArrayList<>();
    for (DeviceKind k : DeviceKind.values()) {
      out.add(k.name().toLowerCase(Locale.ROOT));
    }
    return List.copyOf(out);
  }

  /** A facility id, required. */
  static String facilityId(Row r, String column) {
    String v = r.required(column);
    if (v != null && !Ids.isFacilityId(v)) {
      r.problem(column, "not a facility id (a-z, 0-9 and -, up to 32): \"" + v + "\"");
      return null;
    }
    return v;
  }

  /** An id of a device, resident, contact or staff member (device id syntax); optional. */
  static String id(Row r, String column, boolean required) {
    String v = required ? r.required(column) : r.cell(column);
    if (v != null && !Ids.isDeviceId(v)) {
      r.problem(
          column,
          "not an id (A-Z, a-z, 0-9, _ . -, up to 64, not starting with _ . -): \"" + v + "\"");
      return null;
    }
    return v;
  }

  /** Free text such as a name: up to 100 characters, no control characters. */
  static String text(Row r, String column, boolean required) {
    String v = required ? r.required(column) : r.cell(column);
    if (v == null) {
      return null;
    }
    if (v.codePointCount(0, v.length()) > MAX_NAME) {
      r.problem(column, "longer than " + MAX_NAME + " characters");
      return null;
    }
    if (v.chars().anyMatch(Character::isISOControl)) {
      r.problem(column, "contains a line break or control character");
      return null;
    }
    return v;
  }

  /** A room label: letters, digits, space . _ # / -, up to 32. */
  static String room(Row r, String column, boolean required) {
    String v = required ? r.required(column) : r.cell(column);
    if (v != null && !LABEL.matcher(v).matches()) {
      r.problem(
          column, "not a room label (letters, digits, space . _ # / -, up to 32): \"" + v + "\"");
      return null;
    }
    return v;
  }

  /** One zone name. */
  static String zone(Row r, String column) {
    String v = r.required(column);
    if (v != null && !WORD.matcher(v).matches()) {
      r.problem(column, "not a zone name (letters, digits, _ . -, up to 32): \"" + v + "\"");
      return null;
    }
    return v;
  }

  /** Comma-separated zone names, stored as {@code A,B}; blank is none ({@code ""}). */
  static String zones(Row r, String column) {
    Set<String> out = new LinkedHashSet<>();
    for (String w : words(r.cell(column))) {
      if (!WORD.matcher(w).matches()) {
        r.problem(column, "not a zone name (letters, digits, _ . -, up to 32): \"" + w + "\"");
      } else {
        out.add(w);
      }
    }
    return String.join(",", out);
  }

  /** Flags out of {@code allowed}, stored comma-separated in the order of {@code allowed}. */
  static String flags(Row r, String column, List<String> allowed, boolean required) {
    String v = required ? r.required(column) : r.cell(column);
    Set<String> given = new LinkedHashSet<>();
    boolean bad = false;
    for (String w : words(v)) {
      String f = w.toLowerCase(Locale.ROOT);
      if (allowed.contains(f)) {
        given.add(f);
      } else {
        r.problem(column, "unknown: \"" + w + "\"; expected " + String.join(", ", allowed));
        bad = true;
      }
    }
    StringJoiner out = new StringJoiner(",");
    allowed.stream().filter(given::contains).forEach(out::add);
    if (required && v != null && !bad && given.isEmpty()) {
      r.problem(column, "required, but lists nothing");
    }
    return out.toString();
  }

  /** A device kind. */
  static String deviceKind(Row r, String column) {
    String v = r.required(column);
    if (v == null) {
      return null;
    }
    String k = v.toLowerCase(Locale.ROOT);
    if (!DEVICE_KINDS.contains(k)) {
      r.problem(
          column, "unknown device kind \"" + v + "\"; expected " + String.join(", ", DEVICE_KINDS));
      return null;
    }
    return k;
  }

  /**
   * A heartbeat interval in seconds: {@code 300} (seconds), {@code 90s}, {@code 5m}, {@code 1h} or
   * ISO-8601 {@code PT5M}; blank is 300 (the device table's default).
   */
  static Integer heartbeat(Row r, String column) {
    String v = r.cell(column);
    if (v == null) {
      return 300;
    }
    Duration d = null;
    Matcher m = HEARTBEAT.matcher(v.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
          };
    } else {
      try {
        d = Duration.parse(v.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        r.problem(column, "not a duration (300, 90s, 5m, 1h or PT5M): \"" + v + "\"");
        return null;
      }
    }
    if (d.compareTo(MIN_HEARTBEAT) < 0
        || d.compareTo(MAX_HEARTBEAT) > 0
        || d.toNanos() % 1_000_000_000L != 0) {
      r.problem(column, "out of range (whole seconds, 10 s to 24 h): \"" + v + "\"");
      return null;
    }
    return (int) d.toSeconds();
  }

  /** A bearer token, stored as its SHA-256 (TokenHash, as the device registry reads it). */
  static String tokenHash(Row r, String column) {
    String v = r.cell(column);
    if (v == null) {
      return null;
    }
    if (v.length() < MIN_TOKEN
        || v.length() > MAX_TOKEN
        || v.chars().anyMatch(c -> c <= ' ' || c > '~')) {
      // never quote a token: it is a credential
      r.problem(
          column,
          "not a usable token: "
              + MIN_TOKEN
              + " to "
              + MAX_TOKEN
              + " printable ASCII characters without spaces");
      return null;
    }
    return TokenHash.of(v);
  }

  /** A phone number in E.164: {@code +} then up to 15 digits, no spaces or dashes. */
  static String phone(Row r, String column, boolean required) {
    String v = required ? r.required(column) : r.cell(column);
    if (v != null && !E164.matcher(v).matches()) {
      r.problem(
          column,
          "not an E.164 number (+, country code, number; no spaces or dashes): \"" + v + "\"");
      return null;
    }
    return v;
  }

  /** {@code zh-CN} or {@code en}, any case; blank is null (the default). */
  static String language(Row r, String column) {
    String v = r.cell(column);
    if (v == null) {
      return null;
    }
    if (v.equalsIgnoreCase("zh-CN") || v.equalsIgnoreCase("zh_CN")) {
      return "zh-CN";
    }
    if (v.equalsIgnoreCase("en")) {
      return "en";
    }
    r.problem(column, "unknown language \"" + v + "\"; expected zh-CN or en");
    return null;
  }

  /** Quiet hours {@code HH:MM-HH:MM} or {@code none}; blank is null (the default). */
  static String quietHours(Row r, String column) {
    String v = r.cell(column);
    if (v == null) {
      return null;
    }
    if (v.equalsIgnoreCase("none")) {
      return "none";
    }
    DailyWindow w = window(v);
    if (w == null) {
      r.problem(column, "not HH:MM-HH:MM or none: \"" + v + "\"");
      return null;
    }
    return w.toString();
  }

  /**
   * Shifts: {@code HH:MM-HH:MM} with optional days {@code mon,tue,...} (the days a shift starts
   * on), separated by {@code ;}. Stored as {@code 19:00-07:00; 07:00-19:00 sat,sun}.
   */
  static String shifts(Row r, String column) {
    String v = r.cell(column);
    if (v == null) {
      return "";
    }
    StringJoiner out = new StringJoiner("; ");
    for (String part : v.split(";")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      String[] hoursAndDays = p.replaceAll("\\s*-\\s*", "-").split("\\s+", 2);
      DailyWindow w = window(hoursAndDays[0]);
      if (w == null || w.isEmpty()) {
        r.problem(
            column,
            (w == null ? "not a shift HH:MM-HH:MM [mon,tue]: \"" : "a shift that never covers: \"")
                + p
                + "\"");
        continue;
      }
      String days = hoursAndDays.length > 1 ? days(r, column, hoursAndDays[1]) : "";
      if (days != null) {
        out.add(days.isEmpty() ? w.toString() : w + " " + days);
      }
    }
    return out.toString();
  }

  private static String days(Row r, String column, String text) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String d : text.split(",")) {
      DayOfWeek day = null;
      for (DayOfWeek w : DayOfWeek.values()) {
        if (w.name().substring(0, 3).equalsIgnoreCase(d.strip())) {
          day = w;
        }
      }
      if (day == null) {
        r.problem(column, "not a day (mon, tue, wed, thu, fri, sat, sun): \"" + d.strip() + "\"");
        return null;
      }
      days.add(day);
    }
    StringJoiner out = new StringJoiner(",");
    days.forEach(d -> out.add(d.name().substring(0, 3).toLowerCase(Locale.ROOT)));
    return out.toString();
  }

  private static DailyWindow window(String text) {
    String[] ends = text.strip().split("\\s*-\\s*", -1);
    if (ends.length != 2 || !HHMM.matcher(ends[0]).matches() || !HHMM.matcher(ends[1]).matches()) {
      return null;
    }
    return DailyWindow.parse(ends[0] + "-" + ends[1]);
  }

  /** {@code true}/{@code false} (also yes/no, 1/0); blank is {@code blank}. */
  static Boolean bool(Row r, String column, boolean blank) {
    String v = r.cell(column);
    if (v == null) {
      return blank;
    }
    switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "y" -> {
        return true;
      }
      case "false", "no", "0", "n" -> {
        return false;
      }
      default -> {
        r.problem(column, "not true or false: \"" + v + "\"");
        return null;
      }
    }
  }

  /** A webhook target id, as in the configuration's {@code webhook.<id>.url}. */
  static String webhook(Row r, String column) {
    String v = r.cell(column);
    if (v != null && !WEBHOOK.matcher(v).matches()) {
      r.problem(column, "not a webhook target id (A-Z, a-z, 0-9, _ -, up to 32): \"" + v + "\"");
      return null;
    }
    return v;
  }

  /** An IANA time zone; blank is Asia/Shanghai. */
  static String timeZone(Row r, String column) {
    String v = r.cell(column);
    if (v == null) {
      return "Asia/Shanghai";
    }
    try {
      return ZoneId.of(v).getId();
    } catch (DateTimeException e) {
      r.problem(column, "unknown time zone \"" + v + "\"; e.g. Asia/Shanghai");
      return null;
    }
  }

  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    if (text != null) {
      for (String w : text.split(",")) {
        if (!w.isBlank()) {
          out.add(w.strip());
        }
      }
    }
    return out;
  }
}
