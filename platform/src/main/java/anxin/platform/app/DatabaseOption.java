package anxin.platform.app;

import anxin.alerting.outbox.JdbcOutbox;
import anxin.ingest.jdbc.Database;
import anxin.platform.config.PlatformConfig;
import anxin.platform.embedded.EmbeddedDatabase;
import anxin.platform.store.PlatformSchema;
import java.io.IOException;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The configured database for commands that work on it directly ({@code migrate}, {@code token}):
 * the external one, or the embedded one in {@code <data-dir>/postgres} when none is configured
 * (which only works while {@code serve} is not running on the same data directory). Migrated.
 */
final class DatabaseOption implements AutoCloseable {

  private final EmbeddedDatabase embedded;
  private final Database database;

  private DatabaseOption(EmbeddedDatabase embedded, Database database) {
    this.embedded = embedded;
    this.database = database;
  }

  static DatabaseOption open(PlatformConfig c) throws IOException, SQLException {
    EmbeddedDatabase embedded = null;
    String url = c.databaseUrl();
    String user = c.databaseUser();
    String password = c.databasePassword();
    if (c.embeddedDatabase()) {
      try {
        embedded = EmbeddedDatabase.start(c.dataDir().resolve("postgres"), false);
      } catch (IOException | RuntimeException e) {
        throw new IOException(
            "cannot start the embedded database in "
                + c.dataDir().resolve("postgres")
                + " (is `anxin serve` running on it? stop it, or configure database.url): "
                + e.getMessage(),
            e);
      }
      url = embedded.jdbcUrl();
      user = "postgres";
      password = "";
    }
    try {
      Database db = Database.open(url, user, password, 2);
      JdbcOutbox.migrate(db.dataSource());
      PlatformSchema.migrate(db.dataSource());
      anxin.dashboards.Migrations.migrate(db.dataSource());
      return new DatabaseOption(embedded, db);
    } catch (SQLException | RuntimeException e) {
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  DataSource dataSource() {
    return database.dataSource();
  }

  String description() {
    return database.description();
  }

  @Override
  public void close() throws IOException {
    database.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
