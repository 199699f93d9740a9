package anxin.platform.importer;

import java.time.Duration;

/**
 * How far an import of one file has got.
 *
 * @param source the file's name
 * @param phase {@code checking} (every row is validated) or {@code writing}
 * @param done rows of this phase done
 * @param total data rows in the file
 * @param elapsed time since the phase started
 */
public record Progress(String source, String phase, long done, long total, Duration elapsed) {

  /** Rows per second in this phase so far; 0 before any time has passed. */
  public long rowsPerSecond() {
    long nanos = elapsed.toNanos();
    return nanos <= 0 ? 0 : (long) (done * 1e9 / nanos);
  }

  /** {@code devices.csv: checking 12000/50000 rows (24000 rows/s)}. */
  @Override
  public String toString() {
    return String.format(
        "%s: %s %d/%d rows (%d rows/s)", source, phase, done, total, rowsPerSecond());
  }
}
