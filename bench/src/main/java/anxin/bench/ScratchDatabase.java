package anxin.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own for one bench run ({@code anxin_bench_<random>}), created on the server of
 * an admin URL and dropped again on close.
 */
public final class ScratchDatabase implements AutoCloseable {

  private final String adminUrl;
  private final String name;
  private final String url;
  private final String user;
  private final boolean keep;

  private ScratchDatabase(String adminUrl, String name, String url, String user, boolean keep) {
    this.adminUrl = adminUrl;
    this.name = name;
    this.url = url;
    this.user = user;
    this.keep = keep;
  }

  /**
   * Creates the database.
   *
   * @param adminUrl {@code jdbc:postgresql://host:port/db?user=...}, a database to connect to for
   *     CREATE and DROP DATABASE
   * @param keep leave the database in place on close (to look at it afterwards)
   */
  public static ScratchDatabase create(String adminUrl, boolean keep) throws SQLException {
    String name =
        "anxin_bench_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return new ScratchDatabase(
        adminUrl, name, withDatabase(adminUrl, name), userOf(adminUrl), keep);
  }

  public String name() {
    return name;
  }

  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  /** A connection to the scratch database, outside any pool. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  public static long queryLong(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String queryString(String adminUrl, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Override
  public void close() throws SQLException {
    if (keep) {
      System.out.println("kept database " + name);
      return;
    }
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  /** The URL with its database path replaced. */
  static String withDatabase(String jdbcUrl, String database) {
    int hosts = jdbcUrl.indexOf("//");
    int slash = jdbcUrl.indexOf('/', hosts + 2);
    if (hosts < 0 || slash < 0) {
      throw new IllegalArgumentException("not a jdbc:postgresql://host/db URL: " + jdbcUrl);
    }
    int query = jdbcUrl.indexOf('?', slash);
    return jdbcUrl.substring(0, slash + 1) + database + (query < 0 ? "" : jdbcUrl.substring(query));
  }

  /** The {@code user} parameter of the URL, or {@code postgres}. */
  static String userOf(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    if (query >= 0) {
      for (String p : jdbcUrl.substring(query + 1).split("&")) {
        if (p.startsWith("user=")) {
          return p.substring(5);
        }
      }
    }
    return "postgres";
  }
}
