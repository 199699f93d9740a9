package anxin.ingest.jdbc;

import anxin.testing.Postgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/** Helpers for integration tests against a {@link Postgres} from the fixture. */
public final class Databases {

  private Databases() {}

  /** Opens (and migrates) {@code db} with a small pool. */
  public static Database open(Postgres db) throws SQLException {
    return Database.open(db.jdbcUrl(), db.user(), db.password(), 4);
  }

  /**
   * Opens {@code db} with every dedup key in {@code event_seen}, as the schema is on TimescaleDB
   * (which cannot have migration V3's unique index on {@code event}).
   */
  public static Database openWithKeysInSeenTable(Postgres db) throws SQLException {
    return Database.open(db.jdbcUrl(), db.user(), db.password(), 4, false);
  }

  /** The single long value of {@code sql}. */
  public static long queryLong(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The first column of every row, as strings. */
  public static Set<String> queryStrings(Postgres db, String sql) throws SQLException {
    Set<String> out = new HashSet<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  public static long queryLong(Postgres db, String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return queryLong(c, sql);
    }
  }

  public static void execute(Postgres db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * Makes {@code db} unreachable: no new connections, and every session of it terminated. Run
   * through {@code admin}, a connection to another database of the same server.
   */
  public static void cutOff(Connection admin, Postgres db) throws SQLException {
    try (Statement s = admin.createStatement()) {
      s.execute("ALTER DATABASE " + db.database() + " ALLOW_CONNECTIONS false");
      s.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
              + db.database()
              + "'");
    }
  }

  /** Undoes {@link #cutOff}. */
  public static void reconnect(Connection admin, Postgres db) throws SQLException {
    try (Statement s = admin.createStatement()) {
      s.execute("ALTER DATABASE " + db.database() + " ALLOW_CONNECTIONS true");
    }
  }

  /** Terminates every session of {@code db}, leaving it reachable. */
  public static void terminateSessions(Connection admin, Postgres db) throws SQLException {
    try (Statement s = admin.createStatement()) {
      s.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
              + db.database()
              + "'");
    }
  }
}
