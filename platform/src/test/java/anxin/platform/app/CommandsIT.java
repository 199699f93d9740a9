package anxin.platform.app;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.platform.access.ApiTokens;
import anxin.platform.access.Role;
import anxin.testing.Postgres;
import anxin.testing.TestServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;

/** The operator's commands against a real database: check-config, migrate, token. */
@ExtendWith(TestServices.class)
class CommandsIT {

  private record Ran(int exit, String out, String err) {}

  private static Ran run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Ran(exit, out.toString(), err.toString());
  }

  @Test
  void checkConfig_migrate_token(Postgres server, @TempDir Path dir) throws Exception {
    Postgres db = server.freshDatabase();
    Path config =
        Files.writeString(
            dir.resolve("anxin.yaml"),
            "database:\n  url: \""
                + db.jdbcUrl()
                + "\"\n  user: \""
                + db.user()
                + "\"\n  password: \""
                + db.password()
                + "\"\ndata-dir: \""
                + dir
                + "\"\n");

    Ran check = run("check-config", "-c", config.toString());
    assertThat(check.exit()).as(check.err()).isZero();
    assertThat(check.out())
        .contains("Configuration is valid.")
        .contains("database.url")
        .contains(config.toString());

    Ran migrate = run("migrate", "-c", config.toString());
    assertThat(migrate.exit()).as(migrate.err()).isZero();
    assertThat(migrate.out())
        .containsPattern("ingest_schema_history\\s+version \\d+")
        .containsPattern("alerting_schema_history\\s+version \\d+")
        .containsPattern("platform_schema_history\\s+version \\d+");

    Ran refused = run("token", "-c", config.toString(), "--role", "caregiver", "--label", "desk");
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("needs at least one --facility");

    Ran token =
        run(
            "token",
            "-c",
            config.toString(),
            "--role",
            "bureau",
            "--label",
            "county office",
            "--region",
            "文山州");
    assertThat(token.exit()).as(token.err()).isZero();
    String issued = token.out().strip();
    assertThat(issued).startsWith("anx_");
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(db.jdbcUrl());
    ds.setUser(db.user());
    ds.setPassword(db.password());
    assertThat(new ApiTokens(ds).verify(issued))
        .hasValueSatisfying(p -> assertThat(p.role()).isEqualTo(Role.BUREAU));
    try (var c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM api_token WHERE token_sha256 = '" + issued + "'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("the token itself is never stored").isZero();
    }
    try (var c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        var rs = c.createStatement().executeQuery("SELECT actor, action, target FROM audit_log")) {
      assertThat(rs.next()).as("the token's creation is audited").isTrue();
      assertThat(rs.getString(1)).startsWith("cli:");
      assertThat(rs.getString(2)).isEqualTo("create_token");
      assertThat(rs.getString(3)).isEqualTo("county office (bureau)");
    }
  }

  @Test
  void invalidConfig_exit2_everyProblemListed(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("bad.yaml"), "http.port: x\nmqtt.url: nope\n");
    Ran r = run("serve", "-c", config.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains("2 configuration problem(s)")
        .contains("http.port")
        .contains("mqtt.url");
  }
}
