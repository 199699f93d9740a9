package anxin.bench.faults;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * What one fault gave, counted: events the senders generated (each kept and retried by its sender
 * until acknowledged), events stored (distinct (device, seq) in {@code event}), lost (sent, never
 * stored), duplicated (rows beyond one per key); pages expected from the rules (one P1 alert, so
 * one page, per device and alarm type published), P1 alerts found, pages received at the pager for
 * them (distinct), missing, and deliveries beyond the first of a page (sent twice); recovery from
 * the end of the fault until the platform had stored as many events as were sent when the fault
 * ended.
 */
public record Outcome(
    Fault fault,
    String detail,
    long sent,
    long stored,
    long lost,
    long duplicated,
    long pagesExpected,
    long alerts,
    long pagesReceived,
    long pagesMissing,
    long pagesDuplicated,
    double recoverySeconds,
    String note) {

  /** True when nothing was lost and nothing was sent twice. */
  public boolean clean() {
    return lost == 0
        && duplicated == 0
        && pagesMissing == 0
        && pagesDuplicated == 0
        && alerts == pagesExpected
        && stored == sent;
  }

  public static void print(List<Outcome> outcomes, PrintStream out) {
    out.println(
        "| fault | run | events sent | stored | lost | duplicated | pages expected | P1 alerts |"
            + " pages received | missing | sent twice | recovery | clean |");
    out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (Outcome o : outcomes) {
      out.println(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,d | %,d | %,d | %,d | %d | %d | %d | %d | %d | %.1f s | %s |",
              o.fault().label(),
              o.detail(),
              o.sent(),
              o.stored(),
              o.lost(),
              o.duplicated(),
              o.pagesExpected(),
              o.alerts(),
              o.pagesReceived(),
              o.pagesMissing(),
              o.pagesDuplicated(),
              o.recoverySeconds(),
              o.clean() ? "yes" : "**no**"));
    }
    for (Outcome o : outcomes) {
      if (!o.note().isEmpty()) {
        out.println("- " + o.fault().label() + ": " + o.note());
      }
    }
  }
}
