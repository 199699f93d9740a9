package anxin.ingest.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's PostgreSQL database: a HikariCP pool over a schema migrated by Flyway (from {@code
 * classpath:db/migration}), with events in a TimescaleDB hypertable when TimescaleDB is there and
 * in a plain table otherwise. Which one is logged at INFO, in one line, when it opens.
 */
public final class Database implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  /** How long a caller waits for a pooled connection before the attempt fails. */
  private static final long CONNECTION_TIMEOUT_MS = 3_000;

  private final HikariDataSource pool;
  private final boolean timescale;
  private final String description;

  private Database(HikariDataSource pool, boolean timescale, String description) {
    this.pool = pool;
    this.timescale = timescale;
    this.description = description;
  }

  /**
   * Opens the pool and migrates the schema to the newest version (a no-op when it is current).
   *
   * @param jdbcUrl {@code jdbc:postgresql://host[:port]/database[?params]}
   * @param user the user, not null
   * @param password the password, or null or empty for none
   * @param poolSize connections in the pool, at least 2 (a {@link JdbcDeviceRegistry} holds one for
   *     as long as it runs, a {@link JdbcEventWriter} uses one at a time)
   * @throws SQLException when the database cannot be reached or migrated; the pool is closed then
   */
  public static Database open(String jdbcUrl, String user, String password, int poolSize)
      throws SQLException {
    return open(jdbcUrl, user, password, poolSize, true);
  }

  /**
   * As {@link #open(String, String, String, int)}; with {@code clockKeyAllowed} false the schema
   * keeps every dedup key in {@code event_seen}, as on TimescaleDB, so that tests on plain
   * PostgreSQL cover that path too.
   */
  static Database open(
      String jdbcUrl, String user, String password, int poolSize, boolean clockKeyAllowed)
      throws SQLException {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
    }
    if (poolSize < 2) {
      throw new IllegalArgumentException("poolSize must be at least 2: " + poolSize);
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("anxin-db");
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password == null || password.isEmpty() ? null : password);
    config.setMaximumPoolSize(poolSize);
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
    config.addDataSourceProperty("tcpKeepAlive", "true");
    config.addDataSourceProperty("ApplicationName", "anxin");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new SQLException("cannot connect to " + jdbcUrl + ": " + e.getMessage(), e);
    }
    try {
      Capabilities before = Capabilities.probe(pool);
      migrate(pool, before.timescaleUsable(), clockKeyAllowed);
      Capabilities after = Capabilities.probe(pool);
      String description = after.describe();
      log.info("storage: {}", description);
      return new Database(pool, after.eventHypertable(), description);
    } catch (SQLException | RuntimeException e) {
      pool.close();
      if (e instanceof SQLException sql) {
        throw sql;
      }
      throw new SQLException("cannot migrate " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }

  /**
   * Migrates the schema, with or without the TimescaleDB parts; clock-event dedup keys go into a
   * unique index on {@code event} unless TimescaleDB or {@code clockKeyAllowed} false forbids it.
   */
  static void migrate(DataSource dataSource, boolean timescale, boolean clockKeyAllowed) {
    // Each module keeps its own history table, so ingest and alerting migrate independently and
    // in either order; baselining at 0 lets V1 run on a schema the other module already used.
    Flyway.configure()
        .dataSource(dataSource)
        .table("ingest_schema_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .locations("classpath:db/migration")
        .placeholders(
            Map.of(
                "timescale",
                Boolean.toString(timescale),
                "clock_key",
                Boolean.toString(clockKeyAllowed && !timescale)))
        .load()
        .migrate();
  }

  /** The connection pool. Connections are in auto-commit mode when borrowed. */
  public DataSource dataSource() {
    return pool;
  }

  /** True when events are stored in a TimescaleDB hypertable. */
  public boolean timescale() {
    return timescale;
  }

  /** What the storage is, as logged when it opened, e.g. {@code plain PostgreSQL 15.20 (...)}. */
  public String description() {
    return description;
  }

  /** Closes the pool. Close writers and registries that use it first. */
  @Override
  public void close() {
    pool.close();
  }

  /** What the server offers, and whether the events table is a hypertable. */
  record Capabilities(
      String serverVersion,
      String available,
      String installed,
      boolean preloaded,
      boolean eventHypertable) {

    /** TimescaleDB is used when the extension is available and its library is preloaded. */
    boolean timescaleUsable() {
      return available != null && preloaded;
    }

    String describe() {
      if (eventHypertable) {
        return "TimescaleDB "
            + installed
            + ", events in a hypertable (compression after 7 days, retention 730 days)";
      }
      String why;
      if (available == null) {
        why = "timescaledb extension not available";
      } else if (!preloaded) {
        why = "timescaledb " + available + " available but not in shared_preload_libraries";
      } else {
        why = "timescaledb available, but the events table was created without it";
      }
      return "plain PostgreSQL "
          + serverVersion
          + " ("
          + why
          + "), events in a table with time indexes";
    }

    static Capabilities probe(DataSource ds) throws SQLException {
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        String version;
        String available;
        String installed;
        String preload;
        try (ResultSet rs =
            s.executeQuery(
                "SELECT current_setting('server_version'),"
                    + " (SELECT default_version FROM pg_available_extensions"
                    + "   WHERE name = 'timescaledb'),"
                    + " (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'),"
                    + " current_setting('shared_preload_libraries')")) {
          rs.next();
          version = rs.getString(1).split(" ", 2)[0];
          available = rs.getString(2);
          installed = rs.getString(3);
          preload = rs.getString(4);
        }
        boolean hypertable = false;
        if (installed != null) {
          try (ResultSet rs =
              s.executeQuery(
                  "SELECT count(*) FROM timescaledb_information.hypertables"
                      + " WHERE hypertable_name = 'event'"
                      + " AND hypertable_schema = current_schema()")) {
            rs.next();
            hypertable = rs.getLong(1) > 0;
          }
        }
        boolean preloaded = preload != null && preload.contains("timescaledb");
        return new Capabilities(version, available, installed, preloaded, hypertable);
      }
    }
  }
}
