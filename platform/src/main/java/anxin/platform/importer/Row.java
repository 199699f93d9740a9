package anxin.platform.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One data row of a file: its cells by column, and the problems found in it so far. */
final class Row {

  final String source;
  final int number;
  private final Map<String, String> cells;
  final List<Problem> problems = new ArrayList<>();

  /**
   * @param number as a spreadsheet numbers it (the header is 1)
   * @param cells by column name; a column of the header absent here reads as blank
   * @param header the columns of the file's header, to tell an absent column from a blank cell
   */
  Row(String source, int number, Map<String, String> cells, List<String> header) {
    this.source = source;
    this.number = number;
    this.cells = new java.util.HashMap<>();
    for (String h : header) {
      this.cells.put(h, cells.getOrDefault(h, ""));
    }
  }

  /** True when the file's header has the column (a blank cell then means blank, not "keep"). */
  boolean has(String column) {
    return cells.containsKey(column);
  }

  /** The cell without surrounding white space, or null when blank or the column is absent. */
  String cell(String column) {
    String v = cells.get(column);
    if (v == null) {
      return null;
    }
    v = v.strip();
    return v.isEmpty() ? null : v;
  }

  /** The cell, or null after recording that it is required. */
  String required(String column) {
    String v = cell(column);
    if (v == null) {
      problem(column, "required, but blank");
    }
    return v;
  }

  void problem(String column, String message) {
    problems.add(new Problem(source, number, column, message));
  }
}
