package anxin.platform.importer;

import java.io.IOException;
import java.io.Reader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports CSV files (docs/import.md): every row of a file is checked (syntax, references to
 * facilities and residents, duplicates, device tokens in use), and the file is written in one
 * transaction only when no row has a problem. Rows equal to what is stored are not written, so a
 * re-import changes nothing. Several files imported together are taken in {@link Kind} order and
 * may refer to what an earlier one of them brings.
 *
 * <p>The log gets the kind and the counts only: never a cell, a problem's text or a file name,
 * which may carry personal data.
 */
public final class CsvImport {

  private static final Logger LOG = LoggerFactory.getLogger(CsvImport.class);
  private static final long SECOND = 1_000_000_000L;
  private static final int EVERY_ROWS = 1000;

  /**
   * A file to import.
   *
   * @param kind what it holds
   * @param source its name as the user knows it, for the report
   * @param reader its text (decoded as UTF-8 by the caller); read to the end, not closed
   */
  public record Input(Kind kind, String source, Reader reader) {
    public Input {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(reader, "reader");
    }
  }

  private final DataSource dataSource;
  private final ProgressListener progress;
  private final LongSupplier nanoTime;

  CsvImport(DataSource dataSource, ProgressListener progress, LongSupplier nanoTime) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * Imports one file.
   *
   * @param dryRun check and count, write nothing
   * @param progress told how it goes; {@link ProgressListener#NOOP} for nothing
   * @throws IOException when the reader fails
   * @throws SQLException when the database fails (nothing of this file is written then)
   */
  public static Report run(
      DataSource dataSource,
      Kind kind,
      String source,
      Reader in,
      boolean dryRun,
      ProgressListener progress)
      throws IOException, SQLException {
    return run(dataSource, List.of(new Input(kind, source, in)), dryRun, progress).get(0);
  }

  /**
   * Imports several files, in {@link Kind} order; each is written (or not) on its own.
   *
   * @return a report per file, in the order they were imported
   */
  public static List<Report> run(
      DataSource dataSource, List<Input> inputs, boolean dryRun, ProgressListener progress)
      throws IOException, SQLException {
    return new CsvImport(dataSource, progress, System::nanoTime).importAll(inputs, dryRun);
  }

  List<Report> importAll(List<Input> inputs, boolean dryRun) throws IOException, SQLException {
    List<Input> ordered = new ArrayList<>(inputs);
    ordered.sort(Comparator.comparing(Input::kind));
    Known known;
    try (Connection c = dataSource.getConnection()) {
      known = Known.load(c);
    }
    List<Report> reports = new ArrayList<>();
    for (Input in : ordered) {
      reports.add(importOne(in, dryRun, known));
    }
    return reports;
  }

  private Report importOne(Input in, boolean dryRun, Known known) throws IOException, SQLException {
    Kind kind = in.kind();
    CsvTable table = CsvTable.read(kind, in.source(), in.reader());
    if (!table.problems.isEmpty()) {
      return failed(in, dryRun, table.rows.size(), table.problems);
    }
    List<Problem> problems = new ArrayList<>();
    List<Map<String, Object>> records = new ArrayList<>(table.rows.size());
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Phase checking = new Phase(in.source(), "checking", table.rows.size());
        Map<List<Object>, Integer> seen = new HashMap<>();
        Map<String, Row> tokens = new HashMap<>();
        for (Row row : table.rows) {
          Map<String, Object> r = Parsers.parse(kind, row);
          List<Object> key = Parsers.key(kind).stream().map(r::get).toList();
          if (!key.contains(null)) {
            Integer first = seen.putIfAbsent(key, row.number);
            if (first != null) {
              row.problem(
                  kind == Kind.ZONES ? "room" : "id", "appears again (first in row " + first + ")");
            }
          }
          known.check(kind, r, row);
          Object token = r.get("token_sha256");
          if (token != null) {
            Row other = tokens.putIfAbsent((String) token, row);
            if (other != null) {
              row.problem("token", "same token as row " + other.number);
            }
          }
          records.add(r);
          problems.addAll(row.problems);
          checking.row();
        }
        checkTokensInUse(c, tokens, problems);
        checking.end();
        if (!problems.isEmpty()) {
          problems.sort(Comparator.comparingInt(Problem::row));
          return failed(in, dryRun, table.rows.size(), problems);
        }
        List<String> columns =
            new ArrayList<>(records.isEmpty() ? List.of() : records.get(0).keySet());
        int added = 0;
        int updated = 0;
        int unchanged = 0;
        if (!records.isEmpty()) {
          TableWriter writer = new TableWriter(kind, columns);
          TableWriter.Diff diff = writer.diff(c, records);
          added = diff.added().size();
          updated = diff.updated().size();
          unchanged = diff.unchanged();
          if (!dryRun) {
            List<Map<String, Object>> changed = new ArrayList<>(diff.added());
            changed.addAll(diff.updated());
            Phase writing = new Phase(in.source(), "writing", changed.size());
            writer.write(c, changed, writing::reached);
            writing.end();
          }
        }
        if (dryRun) {
          c.rollback();
        } else {
          c.commit();
        }
        known.add(kind, records);
        LOG.info(
            "import {}{}: {} rows, {} added, {} updated, {} unchanged",
            kind.wireName(),
            dryRun ? " (dry run)" : "",
            table.rows.size(),
            added,
            updated,
            unchanged);
        return new Report(
            in.source(), kind, dryRun, table.rows.size(), added, updated, unchanged, List.of());
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private Report failed(Input in, boolean dryRun, int rows, List<Problem> problems) {
    LOG.info(
        "import {}: {} problems in {} rows, nothing written",
        in.kind().wireName(),
        problems.size(),
        rows);
    return new Report(in.source(), in.kind(), dryRun, rows, 0, 0, 0, problems);
  }

  /** A token another device already has would break the table's unique index: say so per row. */
  private static void checkTokensInUse(
      Connection c, Map<String, Row> tokens, List<Problem> problems) throws SQLException {
    if (tokens.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id, token_sha256 FROM device WHERE token_sha256 = ANY(?)")) {
      Array hashes = c.createArrayOf("text", tokens.keySet().toArray());
      ps.setArray(1, hashes);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Row row = tokens.get(rs.getString(2));
          if (!rs.getString(1).equals(row.cell("id"))) {
            problems.add(
                new Problem(
                    row.source,
                    row.number,
                    "token",
                    "already the token of device \"" + rs.getString(1) + "\""));
          }
        }
      } finally {
        hashes.free();
      }
    }
  }

  /** Counts the rows of one phase and tells the listener every 1,000 rows or every second. */
  private final class Phase {
    private final String source;
    private final String name;
    private final long total;
    private final long start = nanoTime.getAsLong();
    private long last = start;
    private long done;
    private long told = -1;

    Phase(String source, String name, long total) {
      this.source = source;
      this.name = name;
      this.total = total;
    }

    void row() {
      reached(done + 1);
    }

    void reached(long n) {
      long before = done;
      done = n;
      long now = nanoTime.getAsLong();
      if (done / EVERY_ROWS != before / EVERY_ROWS || now - last >= SECOND) {
        tell(now);
      }
    }

    void end() {
      if (told != done) {
        tell(nanoTime.getAsLong());
      }
    }

    private void tell(long now) {
      last = now;
      told = done;
      progress.progress(new Progress(source, name, done, total, Duration.ofNanos(now - start)));
    }
  }
}
