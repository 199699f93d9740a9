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
      List<EndToEndBench.Step> gatewaySteps,
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
    EndToEndBench.Step best = bestSustained(steps);
    double e2eRate = best == null ? 0 : best.committedRate();
    double e2eRatio = e2eRate / brokerMedian;
    boolean writerOk = writerRatio >= writerTarget;
    boolean e2eRun = !steps.isEmpty();
    // One event per message cannot go faster than the raw broker carries one message per event:
    // where that floor is under the absolute target, only the ratio is asked of it.
    boolean floorUnderTarget = brokerMedian < e2eRateTarget;
    boolean e2eOk =
        !e2eRun || e2eRatio >= e2eRatioTarget && (floorUnderTarget || e2eRate >= e2eRateTarget);
    EndToEndBench.Step bestGateway = bestSustained(gatewaySteps);
    double gatewayRate = bestGateway == null ? 0 : bestGateway.committedRate();
    boolean gatewayRun = !gatewaySteps.isEmpty();
    boolean gatewayOk = !gatewayRun || gatewayRate >= e2eRateTarget;

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
        "end to end, 1 event/message, events/s",
        num(e2eRate),
        best == null ? "none sustained" : "at target " + num(best.target()),
        ratio(e2eRatio),
        floorUnderTarget
            ? String.format(">= %.2f", e2eRatioTarget)
            : String.format(">= %,.0f, >= %.2f", e2eRateTarget, e2eRatioTarget),
        !e2eRun ? "not run" : e2eOk ? "met" : "MISSED");
    if (e2eRun && floorUnderTarget) {
      System.out.printf(
          "  (>= %,.0f/s not asked of one event per message here: the raw broker floor is %,.0f"
              + " msg/s)%n",
          e2eRateTarget, brokerMedian);
    }
    System.out.printf(
        row,
        "end to end, gateway batches, events/s",
        num(gatewayRate),
        bestGateway == null ? "none sustained" : "at target " + num(bestGateway.target()),
        "",
        String.format(">= %,.0f", e2eRateTarget),
        !gatewayRun ? "not run" : gatewayOk ? "met" : "MISSED");
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
    printSteps("one event per message:", steps);
    printSteps(
        "gateway batches (up to "
            + IngestBench.GATEWAY_BATCH
            + " events a message from each gateway every "
            + IngestBench.GATEWAY_FLUSH.toMillis()
            + " ms):",
        gatewaySteps);
    System.out.println(
        "cpu in cores: ingest = this process minus the generator's threads (its own and Paho's);"
            + " exact = SQL rows and distinct (device, seq) equal the events published");
    return writerOk && e2eOk && gatewayOk;
  }

  private static void printSteps(String title, List<EndToEndBench.Step> steps) {
    if (steps.isEmpty()) {
      return;
    }
    System.out.println(title);
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
  }

  private static EndToEndBench.Step bestSustained(List<EndToEndBench.Step> steps) {
    EndToEndBench.Step best = null;
    for (EndToEndBench.Step s : steps) {
      if (s.sustained()) {
        best = s;
      }
    }
    return best;
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
