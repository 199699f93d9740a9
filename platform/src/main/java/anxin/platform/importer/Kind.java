package anxin.platform.importer;

import java.util.List;
import java.util.Locale;

/**
 * What an import file holds, with its columns (docs/import.md). Several files imported together are
 * written in this order, so that a file may refer to facilities and residents of an earlier one.
 */
public enum Kind {
  FACILITIES(
      "facility",
      new Column(
          "id", true, "facility id: a-z, 0-9 and -, up to 32, starting with a letter or digit"),
      new Column("name", true, "display name"),
      new Column("county", false, "county it is in (the bureau's scope)"),
      new Column("region", false, "region or prefecture it is in (the bureau's scope)"),
      new Column("zone", false, "IANA time zone; blank: Asia/Shanghai")),
  ZONES(
      "room_zone",
      new Column("facility", true, "facility id (stored, or in the same import)"),
      new Column("room", true, "room label, as on the devices and residents"),
      new Column("zone", true, "the zone (care team) the room belongs to, e.g. A")),
  RESIDENTS(
      "resident",
      new Column("id", true, "resident id: A-Z, a-z, 0-9, _ . -, up to 64"),
      new Column("facility", true, "facility id (stored, or in the same import)"),
      new Column("name", false, "the name staff know them by (personal data)"),
      new Column("room", false, "room label"),
      new Column("care", false, "comma-separated: wandering_risk, lives_alone, fall_risk")),
  FAMILY(
      "family_contact",
      new Column("id", true, "contact id: A-Z, a-z, 0-9, _ . -, up to 64"),
      new Column("resident", true, "resident id (stored, or in the same import)"),
      new Column("phone", true, "mobile number in E.164, e.g. +8613800000001 (personal data)"),
      new Column("language", false, "zh-CN or en; blank: the facility's default"),
      new Column("quiet_hours", false, "HH:MM-HH:MM or none; blank: the facility's default"),
      new Column("told_of_resolution", false, "true or false; blank: true")),
  STAFF(
      "staff",
      new Column("id", true, "staff id: A-Z, a-z, 0-9, _ . -, up to 64"),
      new Column("facility", true, "facility id (stored, or in the same import)"),
      new Column("name", false, "display name (personal data)"),
      new Column("roles", true, "comma-separated: caregiver, supervisor, manager"),
      new Column("zones", false, "comma-separated zones they look after; blank: none"),
      new Column("phone", false, "mobile number in E.164 (personal data)"),
      new Column("webhook", false, "id of a configured webhook target (webhook.<id>.url)"),
      new Column("language", false, "zh-CN or en"),
      new Column("shifts", false, "HH:MM-HH:MM [mon,tue,...] separated by ;  blank: never"),
      new Column("active", false, "true or false; blank: true")),
  DEVICES(
      "device",
      new Column("id", true, "device id as the device sends it: A-Z, a-z, 0-9, _ . -, up to 64"),
      new Column("facility", true, "facility id (stored, or in the same import)"),
      new Column(
          "kind", true, "panic_button, fall_sensor, bed_sensor, motion_sensor or door_sensor"),
      new Column("room", false, "room label; blank for a facility-level device (exit door)"),
      new Column("resident", false, "resident id (stored, or in the same import)"),
      new Column("heartbeat", false, "interval: 300, 90s, 5m, 1h or PT5M, 10 s to 24 h; blank: 5m"),
      new Column(
          "token",
          false,
          "HTTP bearer token, at least 16 characters, stored only as its SHA-256; blank: keep"));

  private final String table;
  private final List<Column> columns;

  Kind(String table, Column... columns) {
    this.table = table;
    this.columns = List.of(columns);
  }

  /** Its name on the command line and in the API: {@code devices}, {@code residents}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The columns a file of this kind may have, in the documented order. */
  public List<Column> columns() {
    return columns;
  }

  /** The table the rows go to. */
  String table() {
    return table;
  }

  /**
   * The kind named {@code name} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the bad value and the kinds
   */
  public static Kind of(String name) {
    for (Kind k : values()) {
      if (k.wireName().equalsIgnoreCase(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown import kind: " + name + " (facilities, zones, residents, family, staff, devices)");
  }
}
