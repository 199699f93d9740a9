package anxin.bench;

import java.time.Instant;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The run's table: every figure with its spread, its floor, the ratio, and the target. */
final class Report {

  private Report() {}

  static boolean print(
      Instant began,
      IngestBench.Options o,
      List<StorageBench.Run> raw,
      List<StorageBench.Run> written,
      List<BrokerBench.Throughput> floors,
      BrokerBench.Latency latency,
      List<String> brokerDrops,
      List<EndToEndBench.Step> steps,
      double writerTarget,
      double e2eRateTarget,
      double e2eRatioTarget) {
    double rawMedian = median(raw, StorageBench.Run::perSecond);
    double writerMedian = median(written, StorageBench.Run::perSecond);
    double[] pairs = new double[raw.size()];
    for (int i = 0; i < pairs.length; i++) {
      pairs[i] = written.get(i).perSecond() / raw.get(i).perSecond();
    }
    double writerRatio = IngestBench.median(pairs);
    double brokerMedian = median(floors, BrokerBench.Throughput::perSecond);
    EndToEndBench.Step best = null;
    for (EndToEndBench.Step s : steps) {
      if (s.sustained()) {
        best = s;
      }
    }
    double e2eRate = best == null ? 0 : best.committedRate();
    double e2eRatio = e2eRate / brokerMedian;
    boolean writerOk = writerRatio >= writerTarget;
    boolean e2eRun = !steps.isEmpty();
    boolean e2eOk = !e2eRun || e2eRate >= e2eRateTarget && e2eRatio >= e2eRatioTarget;

    System.out.println();
    System.out.printf(
        "== anxin ingest bench, %s, %.0f s; %,d events x %d rounds, batch %d; %d devices,"
            + " %d publishers x window %d ==%n",
        began,
        (System.currentTimeMillis() - began.toEpochMilli()) / 1e3,
        o.events(),
        o.rounds(),
        o.batch(),
        o.devices(),
        o.publishers(),
        o.window());
    String row = "%-40s %12s %22s %10s %8s %s%n";
    System.out.printf(row, "measure", "median", "spread (min..max)", "ratio", "target", "");
    System.out.printf(
        row,
        "raw COPY into event, rows/s",
        num(rawMedian),
        spread(raw, StorageBench.Run::perSecond),
        "floor",
        "",
        "");
    System.out.printf(
        row,
        "JdbcEventWriter, events/s",
        num(writerMedian),
        spread(written, StorageBench.Run::perSecond),
        ratio(writerRatio),
        ">= " + writerTarget,
        writerOk ? "met" : "MISSED");
    System.out.printf("%-40s %12s %22s%n", "  writer/raw per round", "", spreadOf(pairs, "%.2f"));
    System.out.printf(
        row,
        "raw broker QoS 1 pub->sub, msg/s",
        num(brokerMedian),
        spread(floors, BrokerBench.Throughput::perSecond),
        "floor",
        "",
        brokerDrops == null ? "drops unchecked" : brokerDrops.isEmpty() ? "" : "DROPS: invalid");
    System.out.printf(
        "%-40s %12s%n",
        String.format("raw broker latency @ %,.0f/s", latency.rate()),
        String.format(
            "p50 %.2f ms, p99 %.2f ms, max %.1f ms (%,d msgs)",
            latency.p50Micros() / 1e3,
            latency.p99Micros() / 1e3,
            latency.maxMicros() / 1e3,
            latency.messages()));
    System.out.printf(
        row,
        "end to end sustained, events/s",
        num(e2eRate),
        best == null ? "none sustained" : "at target " + num(best.target()),
        ratio(e2eRatio),
        String.format(">= %,.0f, >= %.2f", e2eRateTarget, e2eRatioTarget),
        !e2eRun ? "not run" : e2eOk ? "met" : "MISSED");
    if (!floors.isEmpty()) {
      CpuMeter.Usage c = floors.get(floors.size() / 2).cpu();
      System.out.printf(
          "raw broker cpu (cores): process %.2f (generator %.2f, subscriber %.2f), mosquitto %.2f,"
              + " machine %.2f of %d%n",
          c.process(),
          c.generator(),
          c.ingest(),
          c.broker(),
          c.machine(),
          Runtime.getRuntime().availableProcessors());
    }
    System.out.println();
    System.out.printf(
        "%9s %10s %10s %6s %6s %5s %5s | %6s %6s %6s %6s %6s | %6s %6s %8s%n",
        "target/s",
        "publish/s",
        "commit/s",
        "drain",
        "exact",
        "rej",
        "drops",
        "ingest",
        "gen",
        "mosq",
        "pg",
        "machine",
        "winful",
        "guard",
        "durableMs");
    for (EndToEndBench.Step s : steps) {
      CpuMeter.Usage c = s.cpu();
      System.out.printf(
          "%9s %10s %10s %6.1f %6s %5d %5s | %6.2f %6.2f %6.2f %6.2f %6.2f | %6d %6d %8.1f%s%n",
          num(s.target()),
          num(s.publishRate()),
          num(s.committedRate()),
          s.drainSeconds(),
          s.exact() ? "yes" : "NO",
          s.rejected(),
          s.drops() == null ? "?" : s.drops().size(),
          c.ingest(),
          c.generator(),
          c.broker(),
          c.postgres(),
          c.machine(),
          s.windowFull(),
          s.guardStops(),
          s.durableMeanMillis(),
          s.sustained() ? "" : "  not sustained");
      if (s.drops() != null) {
        s.drops().stream().limit(3).forEach(d -> System.out.println("    broker: " + d));
      }
    }
    System.out.println(
        "cpu in cores: ingest = this process minus the generator's threads (its own and Paho's);"
            + " exact = SQL rows and distinct (device, seq) equal the events published");
    return writerOk && e2eOk;
  }

  private static <T> double median(List<T> runs, ToDoubleFunction<T> f) {
    return IngestBench.median(runs.stream().mapToDouble(f).toArray());
  }

  private static <T> String spread(List<T> runs, ToDoubleFunction<T> f) {
    double[] v = runs.stream().mapToDouble(f).toArray();
    return spreadOf(v, "%,.0f");
  }

  private static String spreadOf(double[] v, String format) {
    if (v.length == 0) {
      return "-";
    }
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (double x : v) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    return String.format(format + ".." + format + " (n=%d)", min, max, v.length);
  }

  private static String num(double v) {
    return String.format("%,.0f", v);
  }

  private static String ratio(double r) {
    return String.format("%.2fx", r);
  }
}
