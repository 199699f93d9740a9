package anxin.platform.app;

import anxin.alerting.outbox.JdbcOutbox;
import anxin.ingest.jdbc.Database;
import anxin.platform.config.PlatformConfig;
import anxin.platform.importer.CsvImport;
import anxin.platform.importer.Kind;
import anxin.platform.importer.Problem;
import anxin.platform.importer.Report;
import anxin.platform.store.AuditLog;
import anxin.platform.store.PlatformSchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Imports CSV files into the configured database (docs/import.md). The report, which may quote
 * names and phone numbers, goes to stdout for the user; progress goes to stderr; the log gets only
 * counts.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Imports facilities, devices, residents, family contacts, staff or room zones from CSV",
      "(UTF-8, header row, Excel quoting; columns in docs/import.md). Every row is checked and",
      "every problem listed with its row as a spreadsheet shows it; a file with any problem is",
      "not written at all. Re-importing a file changes nothing. Several --kind KIND FILE pairs",
      "are imported in the order facilities, zones, residents, family, staff, devices.",
      "Needs the platform's database: the config's database.url (not the embedded one).",
      "Exit codes: 0 imported (or would be, with --dry-run), 2 problems in a file, 1 other errors."
    })
final class ImportCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Option(names = "--dry-run", description = "Check and count, write nothing.")
  boolean dryRun;

  @ArgGroup(exclusive = false, multiplicity = "1..*")
  List<FileArg> files = new ArrayList<>();

  @Spec CommandSpec spec;

  /** One file and what it holds. */
  static final class FileArg {
    @Option(
        names = {"-k", "--kind"},
        required = true,
        paramLabel = "KIND",
        converter = KindConverter.class,
        description = "facilities, zones, residents, family, staff or devices")
    Kind kind;

    @Parameters(index = "0", paramLabel = "FILE.csv", description = "the CSV file")
    Path file;
  }

  static final class KindConverter implements ITypeConverter<Kind> {
    @Override
    public Kind convert(String value) {
      return Kind.of(value);
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PlatformConfig c = config.load(err);
    if (c == null) {
      return 2;
    }
    if (c.embeddedDatabase()) {
      err.println(
          "anxin import: no database is configured (database.url), and import needs the"
              + " platform's database. The embedded PostgreSQL belongs to a running `anxin serve`:"
              + " configure an external database for the platform and for import, or import"
              + " through the running platform's API (POST /api/v1/import).");
      err.flush();
      return 1;
    }
    List<Reader> readers = new ArrayList<>();
    try (Database db = Database.open(c.databaseUrl(), c.databaseUser(), c.databasePassword(), 2)) {
      JdbcOutbox.migrate(db.dataSource());
      PlatformSchema.migrate(db.dataSource());
      List<CsvImport.Input> inputs = new ArrayList<>();
      for (FileArg f : files) {
        Reader r = Files.newBufferedReader(f.file, StandardCharsets.UTF_8);
        readers.add(r);
        inputs.add(new CsvImport.Input(f.kind, f.file.toString(), r));
      }
      List<Report> reports =
          CsvImport.run(
              db.dataSource(),
              inputs,
              dryRun,
              p -> {
                err.println(p);
                err.flush();
              });
      boolean ok = true;
      for (Report r : reports) {
        print(out, r);
        ok &= r.ok();
        if (r.ok() && !r.dryRun()) {
          AuditLog.append(
              db.dataSource(),
              "cli:" + System.getProperty("user.name"),
              "import_" + r.kind().wireName(),
              r.source()
                  + ": "
                  + r.rows()
                  + " rows, "
                  + r.added()
                  + " added, "
                  + r.updated()
                  + " updated");
        }
      }
      out.flush();
      return ok ? 0 : 2;
    } catch (IOException | SQLException | RuntimeException e) {
      out.flush();
      err.println("anxin import: failed, nothing more written: " + e.getMessage());
      err.flush();
      return 1;
    } finally {
      for (Reader r : readers) {
        try {
          r.close();
        } catch (IOException e) {
          // read to the end already; nothing to do
        }
      }
    }
  }

  static void print(PrintWriter out, Report r) {
    if (!r.ok()) {
      out.printf(
          "%s (%s): %d problem%s in %d rows; nothing written.%n",
          r.source(),
          r.kind().wireName(),
          r.problems().size(),
          r.problems().size() == 1 ? "" : "s",
          r.rows());
      for (Problem p : r.problems()) {
        out.println("  " + p);
      }
      return;
    }
    out.printf(
        "%s (%s): %d rows: %d %s, %d %s, %d unchanged%s.%n",
        r.source(),
        r.kind().wireName(),
        r.rows(),
        r.added(),
        r.dryRun() ? "to add" : "added",
        r.updated(),
        r.dryRun() ? "to update" : "updated",
        r.unchanged(),
        r.dryRun() ? " (dry run: nothing written)" : "");
  }
}
