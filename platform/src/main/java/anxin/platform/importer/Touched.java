package anxin.platform.importer;

import java.io.IOException;
import java.io.Reader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;

/**
 * The facilities an import would write to, for the API's scope check: every row's own facility (for
 * {@code family}, its resident's), and the facility each row's key belongs to now, since an import
 * matches rows by key and would otherwise move another facility's resident, device, staff member or
 * family contact into the caller's. Read with the import's own parser ({@link CsvTable}), so the
 * check sees exactly the rows the import writes.
 */
public final class Touched {

  /**
   * The facilities touched, or what the file cannot be checked for.
   *
   * @param facilities facility ids, and {@code (resident X unknown)} for a family row naming a
   *     resident not stored: never in anyone's scope
   * @param unreadable why the file cannot be read (header or CSV syntax), else null
   */
  public record Result(Set<String> facilities, String unreadable) {}

  private Touched() {}

  /** Reads {@code in} as an import of {@code kind} would, and looks up the current owners. */
  public static Result facilities(Connection c, Kind kind, Reader in)
      throws IOException, SQLException {
    CsvTable table = CsvTable.read(kind, "upload", in);
    if (!table.problems.isEmpty()) {
      Problem p = table.problems.get(0);
      return new Result(Set.of(), "row " + p.row() + ": " + p.message());
    }
    Set<String> facilities = new TreeSet<>();
    Set<String> keys = new TreeSet<>();
    Set<String> residents = new TreeSet<>();
    for (Row r : table.rows) {
      String own = kind == Kind.FACILITIES ? r.cell("id") : r.cell("facility");
      if (own != null) {
        facilities.add(own);
      }
      if (kind != Kind.ZONES && kind != Kind.FACILITIES && r.cell("id") != null) {
        keys.add(r.cell("id"));
      }
      if (kind == Kind.FAMILY && r.cell("resident") != null) {
        residents.add(r.cell("resident"));
      }
    }
    String owners =
        switch (kind) {
          case RESIDENTS -> "SELECT facility_id FROM resident WHERE id = ANY(?)";
          case STAFF -> "SELECT facility_id FROM staff WHERE id = ANY(?)";
          case DEVICES -> "SELECT facility_id FROM device WHERE id = ANY(?)";
          case FAMILY ->
              "SELECT r.facility_id FROM family_contact f JOIN resident r ON r.id = f.resident_id"
                  + " WHERE f.id = ANY(?)";
          case FACILITIES, ZONES -> null;
        };
    if (owners != null) {
      facilities.addAll(select(c, owners, keys));
    }
    if (kind == Kind.FAMILY) {
      Set<String> known = new TreeSet<>();
      try (PreparedStatement ps =
          c.prepareStatement("SELECT id, facility_id FROM resident WHERE id = ANY(?)")) {
        Array ids = c.createArrayOf("text", residents.toArray());
        ps.setArray(1, ids);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            known.add(rs.getString(1));
            facilities.add(rs.getString(2));
          }
        }
      }
      residents.stream()
          .filter(r -> !known.contains(r))
          .forEach(r -> facilities.add("(resident " + r + " unknown)"));
    }
    return new Result(facilities, null);
  }

  private static Set<String> select(Connection c, String sql, Set<String> keys)
      throws SQLException {
    Set<String> out = new TreeSet<>();
    if (keys.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Array ids = c.createArrayOf("text", keys.toArray());
      ps.setArray(1, ids);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }
}
