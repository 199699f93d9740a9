package anxin.platform.importer;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A file read into rows: the header checked against the kind's columns, then one {@link Row} per
 * record that is not blank. Excel's dialect (RFC 4180 quoting, quoted line breaks, {@code ""} for a
 * quote), UTF-8 with or without a byte order mark.
 *
 * <p>Row numbers are what a spreadsheet shows: the header is row 1, and a record whose quoted cell
 * holds a line break is still one row. Blank records keep their number but are skipped.
 */
final class CsvTable {

  /**
   * Excel's dialect, header handled here so that every header problem can be reported; strict where
   * Excel's is lenient (an unclosed quote, text after a closing quote), since a file that Excel
   * itself wrote never has those and a hand-edited one should be fixed, not guessed at.
   */
  private static final CSVFormat FORMAT =
      CSVFormat.EXCEL
          .builder()
          .setIgnoreEmptyLines(false)
          .setTrim(false)
          .setLenientEof(false)
          .setTrailingData(false)
          .get();

  final List<String> header;
  final List<Row> rows;
  final List<Problem> problems;

  private CsvTable(List<String> header, List<Row> rows, List<Problem> problems) {
    this.header = header;
    this.rows = rows;
    this.problems = problems;
  }

  /**
   * Reads all of {@code in}; problems of the header or of the CSV syntax are in {@link #problems}.
   */
  static CsvTable read(Kind kind, String source, Reader in) throws IOException {
    List<Problem> problems = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    List<String> header = new ArrayList<>();
    int number = 0;
    try (CSVParser parser = CSVParser.parse(withoutBom(in), FORMAT)) {
      for (CSVRecord record : parser) {
        number++;
        if (number == 1) {
          header = header(kind, source, record, problems);
          if (!problems.isEmpty()) {
            break; // without a usable header the rows cannot be read
          }
          continue;
        }
        if (blank(record)) {
          continue;
        }
        Map<String, String> cells = new HashMap<>();
        List<Problem> extra = new ArrayList<>();
        for (int i = 0; i < record.size(); i++) {
          String value = record.get(i);
          String column = i < header.size() ? header.get(i) : "";
          if (!column.isEmpty()) {
            cells.put(column, value);
          } else if (!value.isBlank()) {
            extra.add(
                new Problem(
                    source,
                    number,
                    "",
                    "a value in column " + (i + 1) + ", which has no name in the header"));
          }
        }
        Row row =
            new Row(source, number, cells, header.stream().filter(h -> !h.isEmpty()).toList());
        row.problems.addAll(extra);
        rows.add(row);
      }
    } catch (UncheckedIOException e) {
      problems.add(
          new Problem(source, number + 1, "", "not valid CSV: " + e.getCause().getMessage()));
    }
    if (number == 0) {
      problems.add(new Problem(source, 1, "", "empty file: the header row is missing"));
    }
    return new CsvTable(header, rows, problems);
  }

  private static List<String> header(
      Kind kind, String source, CSVRecord record, List<Problem> problems) {
    List<String> known = kind.columns().stream().map(Column::name).toList();
    List<String> header = new ArrayList<>();
    for (int i = 0; i < record.size(); i++) {
      String h = record.get(i).strip().toLowerCase(Locale.ROOT);
      if (!h.isEmpty() && !known.contains(h)) {
        problems.add(
            new Problem(
                source,
                1,
                h,
                "unknown column for "
                    + kind.wireName()
                    + "; expected "
                    + String.join(", ", known)));
      } else if (!h.isEmpty() && header.contains(h)) {
        problems.add(new Problem(source, 1, h, "column appears twice"));
      }
      header.add(h);
    }
    for (Column c : kind.columns()) {
      if (c.required() && !header.contains(c.name())) {
        problems.add(new Problem(source, 1, c.name(), "required column missing from the header"));
      }
    }
    return header;
  }

  private static boolean blank(CSVRecord record) {
    for (String v : record) {
      if (!v.isBlank()) {
        return false;
      }
    }
    return true;
  }

  /** UTF-8 files saved by Excel start with U+FEFF; it is not part of the first column's name. */
  private static Reader withoutBom(Reader in) throws IOException {
    PushbackReader r = new PushbackReader(in, 1);
    int first = r.read();
    if (first != -1 && first != '\uFEFF') {
      r.unread(first);
    }
    return r;
  }
}
