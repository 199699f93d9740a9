package anxin.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database on a PostgreSQL server; the databases made by {@link #freshDatabase()} share a log.
 */
final class PostgresServer implements Postgres {

  private static final Logger LOG = LoggerFactory.getLogger(TestServices.class);
  static final String FRESH_PREFIX = "anxin_it_";

  private final JdbcUrl url;
  private final String password;
  private final String origin;
  private final Created created;

  /**
   * @param url the database's URL, with its {@code user} parameter set and no password parameter
   * @param password empty for none
   */
  PostgresServer(JdbcUrl url, String password, String origin) {
    this(url, password, origin, new Created(url, password));
  }

  private PostgresServer(JdbcUrl url, String password, String origin, Created created) {
    if (!url.params().containsKey("user") || url.params().containsKey("password")) {
      throw new IllegalArgumentException("expected a user and no password in " + url);
    }
    this.url = url;
    this.password = password;
    this.origin = origin;
    this.created = created;
  }

  @Override
  public String jdbcUrl() {
    return url.text();
  }

  @Override
  public String host() {
    return url.host();
  }

  @Override
  public int port() {
    return url.port();
  }

  @Override
  public String database() {
    return url.database();
  }

  @Override
  public String user() {
    return url.params().get("user");
  }

  @Override
  public String password() {
    return password;
  }

  @Override
  public String origin() {
    return origin;
  }

  @Override
  public Connection connect() throws SQLException {
    return connect(url, password, new Properties());
  }

  /** Connects with extra driver properties, such as {@code connectTimeout} for a probe. */
  Connection connect(Properties extra) throws SQLException {
    return connect(url, password, extra);
  }

  @Override
  public Postgres freshDatabase() {
    String name =
        FRESH_PREFIX + String.format("%012x", ThreadLocalRandom.current().nextLong(1L << 48));
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE \"" + name + "\"");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not create database " + name + " on " + url + ": " + e.getMessage(), e);
    }
    created.add(name);
    return new PostgresServer(url.withDatabase(name), password, origin, created);
  }

  /** The server's version, for example {@code 16.4}. */
  String serverVersion() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("show server_version")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Drops every database made by {@link #freshDatabase()} from this server; logs failures. */
  void dropFreshDatabases() {
    created.dropAll();
  }

  @Override
  public String toString() {
    return url + " (" + origin + ")";
  }

  private static Connection connect(JdbcUrl url, String password, Properties extra)
      throws SQLException {
    Properties props = new Properties();
    props.putAll(extra);
    props.setProperty("user", url.params().get("user"));
    if (!password.isEmpty()) {
      props.setProperty("password", password);
    }
    return DriverManager.getConnection(url.text(), props);
  }

  /** The names of the databases made on one server, and how to drop them. */
  private static final class Created {
    private final JdbcUrl admin;
    private final String password;
    private final List<String> names = new ArrayList<>(); // guarded by this

    Created(JdbcUrl admin, String password) {
      this.admin = admin;
      this.password = password;
    }

    synchronized void add(String name) {
      names.add(name);
    }

    synchronized void dropAll() {
      if (names.isEmpty()) {
        return;
      }
      try (Connection c = connect(admin, password, new Properties());
          Statement s = c.createStatement()) {
        int count = names.size();
        for (Iterator<String> i = names.iterator(); i.hasNext(); ) {
          // WITH (FORCE), PostgreSQL 13+: a connection a test leaked must not keep it.
          s.execute("DROP DATABASE IF EXISTS \"" + i.next() + "\" WITH (FORCE)");
          i.remove();
        }
        LOG.info("PostgreSQL: dropped {} fresh databases from {}", count, admin);
      } catch (SQLException e) {
        LOG.warn("PostgreSQL: could not drop fresh databases {} from {}", names, admin, e);
      }
    }
  }
}
