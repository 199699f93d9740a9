package anxin.platform.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Table {@code audit_log} (docs/security.md): who read a resident's record and who changed
 * configuration, through the API or the command line. Targets name facilities, labels and counts,
 * never personal data.
 */
public final class AuditLog {

  private AuditLog() {}

  /**
   * Appends one row; blocking.
   *
   * @param actor a staff id, {@code token:<label>}, or {@code cli:<os user>}
   * @param action e.g. {@code read_residents}, {@code import_devices}
   * @param target what it was about: a facility, a token label, row counts
   */
  public static void append(DataSource dataSource, String actor, String action, String target)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO audit_log (actor, action, target) VALUES (?, ?, ?)")) {
      ps.setString(1, actor);
      ps.setString(2, action);
      ps.setString(3, target);
      ps.executeUpdate();
    }
  }
}
