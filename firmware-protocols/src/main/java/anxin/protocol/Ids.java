package anxin.protocol;

import java.util.regex.Pattern;

/** Syntax of the identifiers of wire contract v1 (DESIGN §3). */
public final class Ids {
  private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final Pattern FACILITY = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  private Ids() {}

  /**
   * True when {@code id} is a valid device (or gateway) id: {@code
   * [A-Za-z0-9][A-Za-z0-9_.-]{0,63}}. Ids starting with {@code _} are reserved for topic levels
   * such as {@code _batch} and {@code _gw}.
   */
  public static boolean isDeviceId(String id) {
    return id != null && DEVICE.matcher(id).matches();
  }

  /** True when {@code id} is a valid facility id: {@code [a-z0-9][a-z0-9-]{0,31}}. */
  public static boolean isFacilityId(String id) {
    return id != null && FACILITY.matcher(id).matches();
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
