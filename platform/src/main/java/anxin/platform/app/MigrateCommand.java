package anxin.platform.app;

import anxin.platform.config.PlatformConfig;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Brings the database's schema up to date (serve does it too, at every start) and says how. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Applies the schema migrations of ingest, alerting and the platform to the configured",
      "database (each has its own Flyway history table) and prints the version of each.",
      "Uses TimescaleDB hypertables where the extension is available. Exit codes: 0 done,",
      "2 invalid configuration, 1 failed."
    })
final class MigrateCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PlatformConfig c = config.load(spec.commandLine().getErr());
    if (c == null) {
      return 2;
    }
    try (DatabaseOption db = DatabaseOption.open(c);
        Connection conn = db.dataSource().getConnection();
        Statement s = conn.createStatement()) {
      out.println("Storage: " + db.description());
      for (String table :
          new String[] {
            "ingest_schema_history", "alerting_schema_history", "platform_schema_history"
          }) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT max(version) FROM " + table + " WHERE success AND version IS NOT NULL")) {
          rs.next();
          out.printf("  %-26s version %s%n", table, rs.getString(1));
        }
      }
      out.flush();
      return 0;
    } catch (Exception e) {
      spec.commandLine().getErr().println("anxin: migrate failed: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
  }
}
