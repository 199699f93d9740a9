package anxin.dashboards;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The bureau's KPI views and functions (docs/dashboards.md), migrated by Flyway from {@code
 * classpath:db/dashboards} with their own history table {@code dashboards_schema_history}, apart
 * from ingest's, alerting's and the platform's migrations.
 */
public final class Migrations {

  /** Flyway location of the dashboards' schema. */
  static final String LOCATION = "classpath:db/dashboards";

  /** Flyway history table of the dashboards' schema. */
  static final String HISTORY_TABLE = "dashboards_schema_history";

  private Migrations() {}

  /**
   * Migrates the KPI views. They read ingest's ({@code facility}, {@code device}, {@code event})
   * and alerting's ({@code alert}, {@code alert_timeline}) tables, so those migrations must have
   * run first. A database that already has other tables is baselined at version 0, so V1 still
   * runs.
   *
   * @param dataSource connections to the platform's database, in auto-commit mode
   */
  public static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations(LOCATION)
        .table(HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
