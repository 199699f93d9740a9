package anxin.platform.importer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one row of each kind into the columns of its table. Pure: no database, no clock. A column
 * missing from the file's header is left out of the record, so an update keeps its stored value; a
 * blank cell in a column the header has means blank (or the documented default).
 */
final class Parsers {

  private Parsers() {}

  /** The table's key columns of each kind. */
  static List<String> key(Kind kind) {
    return kind == Kind.ZONES ? List.of("facility_id", "room") : List.of("id");
  }

  /**
   * The row's record; a bad cell is recorded in the row and reads as null in the record, so that
   * the rest of the row can still be checked.
   */
  static Map<String, Object> parse(Kind kind, Row r) {
    Map<String, Object> v = new LinkedHashMap<>();
    switch (kind) {
      case FACILITIES -> {
        v.put("id", Fields.facilityId(r, "id"));
        v.put("name", Fields.text(r, "name", true));
        put(v, r, "county", "county", Fields.text(r, "county", false));
        put(v, r, "region", "region", Fields.text(r, "region", false));
        put(v, r, "zone", "zone", Fields.timeZone(r, "zone"));
      }
      case ZONES -> {
        v.put("facility_id", Fields.facilityId(r, "facility"));
        v.put("room", Fields.room(r, "room", true));
        v.put("zone", Fields.zone(r, "zone"));
      }
      case RESIDENTS -> {
        v.put("id", Fields.id(r, "id", true));
        v.put("facility_id", Fields.facilityId(r, "facility"));
        put(v, r, "name", "display_name", Fields.text(r, "name", false));
        put(v, r, "room", "room", Fields.room(r, "room", false));
        put(v, r, "care", "care", Fields.flags(r, "care", Fields.CARE_FLAGS, false));
      }
      case FAMILY -> {
        v.put("id", Fields.id(r, "id", true));
        v.put("resident_id", Fields.id(r, "resident", true));
        v.put("phone", Fields.phone(r, "phone", true));
        put(v, r, "language", "language", Fields.language(r, "language"));
        put(v, r, "quiet_hours", "quiet_hours", Fields.quietHours(r, "quiet_hours"));
        put(
            v,
            r,
            "told_of_resolution",
            "told_of_resolution",
            Fields.bool(r, "told_of_resolution", true));
      }
      case STAFF -> {
        v.put("id", Fields.id(r, "id", true));
        v.put("facility_id", Fields.facilityId(r, "facility"));
        put(v, r, "name", "display_name", Fields.text(r, "name", false));
        v.put("roles", Fields.flags(r, "roles", Fields.ROLES, true));
        put(v, r, "zones", "zones", Fields.zones(r, "zones"));
        put(v, r, "phone", "phone", Fields.phone(r, "phone", false));
        put(v, r, "webhook", "webhook", Fields.webhook(r, "webhook"));
        put(v, r, "language", "language", Fields.language(r, "language"));
        put(v, r, "shifts", "shifts", Fields.shifts(r, "shifts"));
        put(v, r, "active", "active", Fields.bool(r, "active", true));
      }
      case DEVICES -> {
        v.put("id", Fields.id(r, "id", true));
        v.put("facility_id", Fields.facilityId(r, "facility"));
        v.put("kind", Fields.deviceKind(r, "kind"));
        put(v, r, "room", "room", Fields.room(r, "room", false));
        put(v, r, "resident", "resident_id", Fields.id(r, "resident", false));
        put(v, r, "heartbeat", "heartbeat_s", Fields.heartbeat(r, "heartbeat"));
        // blank: keep the stored token (a CSV cannot take a token away; the API can)
        put(v, r, "token", "token_sha256", Fields.tokenHash(r, "token"));
        v.put("active", true); // as JdbcProvisioning.upsertDevice: an imported device is active
      }
    }
    return v;
  }

  private static void put(Map<String, Object> v, Row r, String csv, String db, Object value) {
    if (r.has(csv)) {
      v.put(db, value);
    }
  }
}
