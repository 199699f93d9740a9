package anxin.protocol;

/** Syntax of the identifiers of wire contract v1 (DESIGN §3). */
public final class Ids {
  /**
   * The patterns below are checked by a scan of the characters, not by {@link
   * java.util.regex.Pattern}: every event's id is checked (on decode, and again when an {@link
   * Event} is built), and a regex match allocated a {@code Matcher} and its arrays each time, about
   * 8 % of all the bytes the platform benchmark allocated (JFR, docs/benchmarks.md); {@code
   * IdsBench} measures both.
   */
  private static final int DEVICE_MAX = 64;

  private static final int FACILITY_MAX = 32;

  private Ids() {}

  /**
   * True when {@code id} is a valid device (or gateway) id: {@code
   * [A-Za-z0-9][A-Za-z0-9_.-]{0,63}}. Ids starting with {@code _} are reserved for topic levels
   * such as {@code _batch} and {@code _gw}.
   */
  public static boolean isDeviceId(String id) {
    if (id == null || id.isEmpty() || id.length() > DEVICE_MAX || !alnum(id.charAt(0))) {
      return false;
    }
    for (int i = 1; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!alnum(c) && c != '_' && c != '.' && c != '-') {
        return false;
      }
    }
    return true;
  }

  /** True when {@code id} is a valid facility id: {@code [a-z0-9][a-z0-9-]{0,31}}. */
  public static boolean isFacilityId(String id) {
    if (id == null || id.isEmpty() || id.length() > FACILITY_MAX || !lowerOrDigit(id.charAt(0))) {
      return false;
    }
    for (int i = 1; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!lowerOrDigit(c) && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean lowerOrDigit(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
  }

  private static boolean alnum(char c) {
    return lowerOrDigit(c) || c >= 'A' && c <= 'Z';
  }

  /**
   * Returns {@code id} when it is a valid device id.
   *
   * @throws IllegalArgumentException naming the bad value otherwise
   */
  public static String requireDeviceId(String id) {
    if (!isDeviceId(id)) {
      throw new IllegalArgumentException("invalid device id: " + quote(id));
    }
    return id;
  }

  /**
   * Returns {@code id} when it is a valid facility id.
   *
   * @throws IllegalArgumentException naming the bad value otherwise
   */
  public static String requireFacilityId(String id) {
    if (!isFacilityId(id)) {
      throw new IllegalArgumentException("invalid facility id: " + quote(id));
    }
    return id;
  }

  static String quote(String s) {
    return s == null ? "null" : '"' + s + '"';
  }
}
