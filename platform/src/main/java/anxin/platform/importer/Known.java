package anxin.platform.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The facilities and residents rows may refer to: those stored when the import started, plus those
 * of files of the same import that had no problems (and would be, or were, written).
 */
final class Known {

  final Set<String> facilities = new HashSet<>();

  /** Resident id to its facility. */
  final Map<String, String> residents = new HashMap<>();

  static Known load(Connection c) throws SQLException {
    Known k = new Known();
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM facility");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        k.facilities.add(rs.getString(1));
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id, facility_id FROM resident");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        k.residents.put(rs.getString(1), rs.getString(2));
      }
    }
    return k;
  }

  /** Adds what a file without problems brings. */
  void add(Kind kind, Iterable<Map<String, Object>> records) {
    for (Map<String, Object> r : records) {
      if (kind == Kind.FACILITIES) {
        facilities.add((String) r.get("id"));
      } else if (kind == Kind.RESIDENTS) {
        residents.put((String) r.get("id"), (String) r.get("facility_id"));
      }
    }
  }

  /** Checks the record's references, recording problems in the row. */
  void check(Kind kind, Map<String, Object> record, Row row) {
    Object facility = record.get("facility_id");
    if (facility != null && !facilities.contains(facility)) {
      row.problem(
          "facility", "unknown facility \"" + facility + "\": not stored, not in this import");
    }
    Object resident = record.get("resident_id");
    if (resident == null) {
      return;
    }
    String residentFacility = residents.get(resident);
    if (residentFacility == null) {
      row.problem(
          "resident", "unknown resident \"" + resident + "\": not stored, not in this import");
    } else if (kind == Kind.DEVICES && facility != null && !residentFacility.equals(facility)) {
      row.problem(
          "resident",
          "resident \"" + resident + "\" is in facility \"" + residentFacility + "\", not here");
    }
  }
}
