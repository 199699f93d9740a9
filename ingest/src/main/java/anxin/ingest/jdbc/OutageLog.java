package anxin.ingest.jdbc;

import org.slf4j.Logger;

/**
 * Logs database failures without flooding: the first failure of an outage at WARN, the next ones at
 * DEBUG, and the recovery at INFO (after Micrometer's {@code WarnThenDebugLogger}). Used from one
 * thread.
 */
final class OutageLog {

  private final Logger log;
  private final String what;
  private long failures;
  private long startNanos;

  OutageLog(Logger log, String what) {
    this.log = log;
    this.what = what;
  }

  void failed(Exception e, long nowNanos) {
    if (failures++ == 0) {
      startNanos = nowNanos;
      log.warn(
          "{} failed, retrying until it succeeds (further failures at DEBUG): {}",
          what,
          e.toString());
    } else {
      log.debug("{} failed again ({} failures): {}", what, failures, e.toString(), e);
    }
  }

  void succeeded(long nowNanos) {
    if (failures > 0) {
      log.info(
          "{} succeeded again after {} failures in {} ms",
          what,
          failures,
          (nowNanos - startNanos) / 1_000_000);
      failures = 0;
    }
  }
}
