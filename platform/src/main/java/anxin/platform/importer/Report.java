package anxin.platform.importer;

import java.util.List;

/**
 * The outcome of importing one file.
 *
 * @param source the file's name as the user gave it
 * @param kind what the file holds
 * @param dryRun true when nothing was to be written
 * @param rows data rows read (blank rows not counted)
 * @param added rows that were new (or would be, in a dry run)
 * @param updated rows that changed an existing record (or would)
 * @param unchanged rows equal to what is stored
 * @param problems every problem found; when not empty nothing was written and the counts are 0
 */
public record Report(
    String source,
    Kind kind,
    boolean dryRun,
    int rows,
    int added,
    int updated,
    int unchanged,
    List<Problem> problems) {

  public Report {
    problems = List.copyOf(problems);
  }

  /** True when the file had no problems (and, unless a dry run, was written). */
  public boolean ok() {
    return problems.isEmpty();
  }

  /** True when this import changed the database. */
  public boolean wrote() {
    return ok() && !dryRun && added + updated > 0;
  }
}
