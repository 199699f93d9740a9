package anxin.platform.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Migrates the platform's own tables from {@code classpath:db/platform}, with its own history table
 * {@code platform_schema_history}, after ingest's (facility, device) and alerting's.
 */
public final class PlatformSchema {

  private PlatformSchema() {}

  public static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/platform")
        .table("platform_schema_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
