package anxin.platform.app;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.testing.Postgres;
import anxin.testing.TestServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code anxin import} against a real database: exit codes, report on stdout, progress. */
@ExtendWith(TestServices.class)
class ImportCommandIT {

  @TempDir Path dir;
  private Postgres pg;
  private Path config;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void configure(Postgres server) throws Exception {
    pg = server.freshDatabase();
    config =
        Files.writeString(
            dir.resolve("anxin.yaml"),
            "database.url: "
                + pg.jdbcUrl()
                + "\ndatabase.user: "
                + pg.user()
                + "\ndatabase.password: '"
                + pg.password()
                + "'\n");
  }

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path file(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  private long facilities() throws Exception {
    try (Connection c = pg.connect();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM facility")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void import_goodFiles_exits0AndPrintsCounts() throws Exception {
    Path f = file("facilities.csv", "id,name\nws-a,Home A\nws-b,Home B\n");
    Path z = file("zones.csv", "facility,room,zone\nws-a,101,A\n");

    int code =
        run(
            "import",
            "--config",
            config.toString(),
            "--kind",
            "zones",
            z.toString(),
            "--kind",
            "facilities",
            f.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("facilities.csv (facilities): 2 rows: 2 added, 0 updated, 0 unchanged.")
        .contains("zones.csv (zones): 1 rows: 1 added");
    assertThat(err.toString()).contains("checking 2/2 rows");
    assertThat(facilities()).isEqualTo(2);
    try (Connection c = pg.connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT actor, action, target FROM audit_log ORDER BY action")) {
      assertThat(rs.next()).as("audit row of the facilities import").isTrue();
      assertThat(rs.getString(1)).startsWith("cli:");
      assertThat(rs.getString(2)).isEqualTo("import_facilities");
      assertThat(rs.getString(3)).contains("facilities.csv").contains("2 added");
      assertThat(rs.next()).as("audit row of the zones import").isTrue();
      assertThat(rs.getString(2)).isEqualTo("import_zones");
    }

    assertThat(run("import", "-c", config.toString(), "-k", "facilities", f.toString())).isZero();
    assertThat(out.toString()).contains("2 rows: 0 added, 0 updated, 2 unchanged.");
  }

  @Test
  void import_dryRun_exits0AndWritesNothing() throws Exception {
    Path f = file("facilities.csv", "id,name\nws-a,Home A\n");

    assertThat(
            run(
                "import",
                "--config",
                config.toString(),
                "--dry-run",
                "--kind",
                "facilities",
                f.toString()))
        .isZero();

    assertThat(out.toString()).contains("1 to add", "dry run: nothing written");
    assertThat(facilities()).isZero();
  }

  @Test
  void import_problems_exit2AndListEveryRow() throws Exception {
    Path f = file("facilities.csv", "id,name\nws-a,Home A\nWS B,Home B\nws-c,\n");

    int code = run("import", "--config", config.toString(), "--kind", "facilities", f.toString());

    assertThat(code).isEqualTo(2);
    assertThat(out.toString())
        .contains("2 problems in 3 rows; nothing written.")
        .contains("facilities.csv:3: id: not a facility id")
        .contains("facilities.csv:4: name: required");
    assertThat(facilities()).isZero();
  }

  @Test
  void import_missingFile_exits1() throws Exception {
    int code =
        run(
            "import",
            "--config",
            config.toString(),
            "--kind",
            "devices",
            dir.resolve("nope.csv").toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("anxin import: failed", "nope.csv");
  }

  @Test
  void import_withoutConfiguredDatabase_exits1AndSaysWhy() throws Exception {
    Path embedded = Files.writeString(dir.resolve("embedded.yaml"), "http.port: 8080\n");
    Path f = file("facilities.csv", "id,name\nws-a,Home A\n");

    int code = run("import", "--config", embedded.toString(), "--kind", "facilities", f.toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("import needs the platform's database", "database.url");
  }

  @Test
  void import_unknownKind_isAUsageError() throws Exception {
    int code = run("import", "--config", config.toString(), "--kind", "pets", "x.csv");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("unknown import kind: pets");
  }
}
