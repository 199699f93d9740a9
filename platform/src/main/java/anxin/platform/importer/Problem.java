package anxin.platform.importer;

/**
 * One thing wrong with an import file. Its message may quote the cell, so it may carry personal
 * data: show it to the user who imports, never log it.
 *
 * @param source the file's name as the user gave it
 * @param row the row as a spreadsheet numbers it: 1 is the header, 2 the first data row
 * @param field the column, or empty when the problem is the whole row or file
 * @param message what is wrong, naming the bad value and what was expected
 */
public record Problem(String source, int row, String field, String message) {

  /** {@code devices.csv:4: kind: unknown device kind "smoke" ...}, one line. */
  @Override
  public String toString() {
    return source + ":" + row + ": " + (field.isEmpty() ? "" : field + ": ") + message;
  }
}
