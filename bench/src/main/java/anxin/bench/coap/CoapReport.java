package anxin.bench.coap;

import anxin.bench.CpuMeter;
import anxin.bench.coap.CoapBench.Latency;
import anxin.bench.coap.CoapBench.Result;
import anxin.bench.coap.CoapBench.Run;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/** The run's table: each figure with its spread over rounds, the floor, the ratio, the target. */
final class CoapReport {

  private CoapReport() {}

  static void print(CoapBench.Options o, Result r, PrintStream out) {
    out.println();
    out.printf(
        Locale.ROOT,
        "== anxin coap bench, %s, %.0f s; %s, %d devices, %d clients on %d sockets, %d client"
            + " threads; %d round(s) of %d s warm-up + %d s each; open loop %,.0f/s for %d s ==%n",
        r.began(),
        r.seconds(),
        o.format(),
        o.devices(),
        o.clients(),
        o.endpoints(),
        o.clientThreads(),
        o.rounds(),
        o.warmup().toSeconds(),
        o.measure().toSeconds(),
        r.ingestLatency().rate(),
        o.latencyTime().toSeconds());
    String row = "%-44s %10s %20s %8s %s%n";
    out.printf(Locale.ROOT, row, "measure", "median", "spread (min..max)", "ratio", "target");
    out.printf(
        Locale.ROOT,
        row,
        "bare Californium, requests/s (closed loop)",
        num(median(r.bare(), Run::perSecond)),
        spread(r.bare(), Run::perSecond),
        "floor",
        "");
    double ratio = r.ratio();
    out.printf(
        Locale.ROOT,
        row,
        "ingest /v1/events, committed requests/s",
        num(median(r.ingest(), Run::perSecond)),
        spread(r.ingest(), Run::perSecond),
        String.format(Locale.ROOT, "%.2fx", ratio),
        String.format(
            Locale.ROOT,
            ">= %.2fx: %s",
            o.target(),
            r.met(o.target()) ? "met" : ratio >= o.target() ? "MISSED (see checks)" : "MISSED"));
    out.println();
    out.println("per run (closed loop; latency send -> response in ms; CPU in cores):");
    String runRow = "%-18s %10s %8s %8s %8s %8s %8s %8s %8s %8s %s%n";
    out.printf(
        Locale.ROOT,
        runRow,
        "server",
        "req/s",
        "p50",
        "p99",
        "max",
        "clients",
        "server",
        "postgres",
        "machine",
        "sent",
        "other answers");
    for (int i = 0; i < r.bare().size(); i++) {
      for (Run run : List.of(r.bare().get(i), r.ingest().get(i))) {
        CpuMeter.Usage cpu = run.cpu();
        out.printf(
            Locale.ROOT,
            runRow,
            run.server().label(),
            num(run.perSecond()),
            ms(run.latency(), 50),
            ms(run.latency(), 99),
            ms(run.latency().getMaxValue()),
            cores(cpu.generator()),
            cores(cpu.ingest()),
            cores(cpu.postgres()),
            cores(cpu.machine()),
            num(run.sent()),
            others(run.failures(), run.unanswered()));
      }
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "open loop at %,.0f requests/s%s (latency from due to response, ms):%n",
        r.ingestLatency().rate(),
        o.latencyRate() > 0 ? "" : ", half of ingest's closed-loop median");
    String latRow = "%-18s %8s %8s %8s %8s %10s %s%n";
    out.printf(Locale.ROOT, latRow, "server", "p50", "p99", "p99.9", "max", "sent", "other");
    for (Latency l : List.of(r.bareLatency(), r.ingestLatency())) {
      out.printf(
          Locale.ROOT,
          latRow,
          l.server().label(),
          ms(l.latency(), 50),
          ms(l.latency(), 99),
          ms(l.latency(), 99.9),
          ms(l.latency().getMaxValue()),
          num(l.sent()),
          others(l.failures(), l.unanswered()));
    }
    out.println();
    CoapBench.Verification v = r.verification();
    out.printf(
        Locale.ROOT,
        "SQL: %,d rows in event, %,d distinct (device_id, seq), %,d requests answered 2.04 by"
            + " ingest: %s%n",
        v.rows(),
        v.distinct(),
        v.changed(),
        v.exact() ? "exact (zero loss, zero duplicates)" : "NOT EXACT");
    out.println(r.met(o.target()) ? "target met" : "target missed");
  }

  private static String others(Map<String, Long> failures, long unanswered) {
    if (failures.isEmpty() && unanswered == 0) {
      return "none";
    }
    return failures + (unanswered == 0 ? "" : ", unanswered " + unanswered);
  }

  private static double median(List<Run> runs, ToDoubleFunction<Run> f) {
    return CoapBench.median(runs.stream().mapToDouble(f).toArray());
  }

  private static String spread(List<Run> runs, ToDoubleFunction<Run> f) {
    double min = runs.stream().mapToDouble(f).min().orElse(Double.NaN);
    double max = runs.stream().mapToDouble(f).max().orElse(Double.NaN);
    return num(min) + ".." + num(max) + " n=" + runs.size();
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? "-" : ms(h.getValueAtPercentile(percentile));
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }

  private static String cores(double c) {
    return String.format(Locale.ROOT, "%.2f", c);
  }
}
