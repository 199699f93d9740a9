package anxin.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The platform benchmark's table: each figure, its floor, the difference or ratio, the target. */
final class PlatformReport {

  static final double RATE_TARGET = 15_000;
  static final double OVER_FLOOR_1X_MS = 5;
  static final double OVER_FLOOR_3X_MS = 50;
  static final double FLOOD_OVER_REST = 1.5;
  static final double TIMER_MS = 250;

  private PlatformReport() {}

  static boolean print(
      PrintStream out,
      Instant began,
      PlatformBench.Options o,
      double sustainable,
      List<PlatformBench.Step> steps,
      List<PlatformBench.Phase> phases,
      long published,
      long unconfirmed,
      long rows,
      long keys,
      long brokerDrops,
      String coapShare) {
    PlatformBench.Phase rest = phases.get(0);
    PlatformBench.Phase one = phases.get(1);
    PlatformBench.Phase three = phases.get(2);
    out.println();
    out.printf(
        "== anxin platform bench, %s, %.0f s; %,d devices behind %d gateways (batches of <= %d"
            + " every %d ms, %s), probes %.0f/s ==%n",
        began,
        Duration.between(began, Instant.now()).toMillis() / 1e3,
        o.devices(),
        o.gateways(),
        o.maxBatch(),
        o.flush().toMillis(),
        o.loadProcess() ? "published from a JVM of their own" : "published from this JVM",
        o.probesPerSecond());
    String row = "%-46s %30s %22s %s%n";
    out.printf(row, "measure", "value", "floor / ratio", "target");
    // A CoAP request answered 5.03 because its commit took longer than the endpoint waits may be
    // stored all the same (the device would retry and be recognised as a duplicate); the bench
    // does not retry, so such requests may or may not have a row.
    boolean exact = keys == rows && rows >= published && rows <= published + unconfirmed;
    out.printf(
        row,
        "events stored exactly once (SQL)",
        String.format("%,d rows, %,d keys", rows, keys),
        unconfirmed == 0
            ? String.format("%,d published", published)
            : String.format("%,d published + <= %,d unconfirmed", published, unconfirmed),
        exact ? "met" : "MISSED");
    if (!exact && rows == keys && brokerDrops > 0) {
      out.printf(
          row,
          "  missing, the broker having dropped some",
          String.format("%,d events", published - rows),
          "no duplicate",
          String.format(
              "Mosquitto logged %,d times dropping messages queued for the platform's session"
                  + " (stock max_queued_messages 1000)",
              brokerDrops));
    }
    boolean rateOk = sustainable >= RATE_TARGET;
    out.printf(
        row,
        "sustainable, events/s publish->commit",
        String.format("%,.0f", sustainable),
        "",
        String.format(">= %,.0f %s", RATE_TARGET, rateOk ? "met" : "MISSED"));
    boolean ok = exact && rateOk;
    if (coapShare != null) {
      out.printf(
          row,
          String.format("CoAP share (%.0f %% of telemetry)", o.coapShare() * 100),
          coapShare,
          "",
          "");
    }
    for (PlatformBench.Phase p : phases) {
      String at = ", " + p.name() + " (" + num(p.rate()) + "/s)";
      out.printf(
          row,
          "P1 publish->channel" + at,
          quantiles(p.p1()),
          "broker " + quantiles(p.floorP1()),
          "");
      out.printf(row, "  P1 publish->screen" + at, quantiles(p.onScreen().p1()), "", "");
      out.printf(
          row,
          "P2 publish->channel" + at,
          quantiles(p.p2()),
          "broker " + quantiles(p.floorP2()),
          "");
      out.printf(row, "  P2 publish->screen" + at, quantiles(p.onScreen().p2()), "", "");
    }
    ok &= overFloor(out, row, one, OVER_FLOOR_1X_MS);
    ok &= overFloor(out, row, three, OVER_FLOOR_3X_MS);
    ok &= overRest(out, row, "P1 p99 during the 3x flood / at rest", three, rest);
    if (phases.size() > 3) { // the 5x burst, unless --no-burst
      PlatformBench.Phase five = phases.get(3);
      ok &= overRest(out, row, "P1 p99 during the 5x burst / at rest", five, rest);
      out.printf(
          row,
          "5x burst: backlog drained after the load",
          String.format("%.1f s", five.peaks().drainMillis() / 1e3),
          "",
          "");
    }
    for (PlatformBench.Phase p : phases) {
      out.printf(
          row,
          "peaks in memory, " + p.name(),
          String.format(
              "%,d msgs, %,d tasks, %,d events, %,d MiB",
              p.peaks().intakeMessages(),
              p.peaks().alertingTasks(),
              p.peaks().writerEvents(),
              p.peaks().heapBytes() >> 20),
          String.format("heap max %,d MiB", Runtime.getRuntime().maxMemory() >> 20),
          "");
    }
    double worstTimer = 0;
    for (PlatformBench.Phase p : phases) {
      out.printf(
          row, "timer page to the channel after due, " + p.name(), quantiles(p.timer()), "", "");
      out.printf(
          row, "  timer page on the screen after due", quantiles(p.onScreen().timer()), "", "");
      worstTimer = Math.max(worstTimer, p.timer().millis(0.99));
    }
    boolean timerOk = worstTimer <= TIMER_MS;
    out.printf(
        row,
        "timer delay p99, worst phase",
        String.format("%.0f ms", worstTimer),
        "",
        String.format("<= %.0f ms %s", TIMER_MS, timerOk ? "met" : "MISSED"));
    ok &= timerOk;
    int missing = 0;
    for (PlatformBench.Phase p : phases) {
      missing += p.p1().missing() + p.p2().missing() + p.timer().missing();
    }
    out.printf(
        row,
        "probes without a page",
        Integer.toString(missing),
        "",
        missing == 0 ? "met" : "MISSED");
    ok &= missing == 0;
    out.println();
    out.println(
        " target/s  publish/s   messages   commit/s  drain ms | platform   gen   mosq     pg machine");
    for (PlatformBench.Step s : steps) {
      out.printf(
          " %8s %10s %10s %10s %9d | %8.2f %5.2f %6.2f %6.2f %7.2f%n",
          num(s.target()),
          num(s.load().perSecond()),
          num(s.load().messages()),
          num(s.committedRate()),
          s.drainNanos() / 1_000_000,
          s.cpu().ingest(),
          s.cpu().generator(),
          s.cpu().broker(),
          s.cpu().postgres(),
          s.cpu().machine());
    }
    out.println(
        "cpu in cores: platform = this process minus the load's threads, gen = the load (its JVM"
            + " of its own unless --no-load-process, and the CoAP share's threads); latency quantiles in ms"
            + " (p50 / p99 / p99.9 / max, n), to the page handed to the console channel (targets)"
            + " and read from the console's stream (screen); peaks in memory: MQTT messages received and not yet"
            + " taken by the pipeline, tasks waiting for the alerting core's thread, events queued for the database, heap used by this process");
    return ok;
  }

  private static boolean overFloor(
      PrintStream out, String row, PlatformBench.Phase p, double limitMs) {
    double over =
        Math.max(
            p.p1().millis(0.99) - p.floorP1().millis(0.99),
            p.p2().millis(0.99) - p.floorP2().millis(0.99));
    // A floor slower than the platform measured the machine's noise, not the broker: the
    // difference then says nothing, and a negative one must not pass as met (2026-11-30: a floor
    // p99 of 333 ms at 1x against the platform's 176 ms printed "-125 ms, met").
    boolean floorSlower = over < 0;
    boolean ok = !floorSlower && over <= limitMs;
    out.printf(
        row,
        "alert p99 minus broker p99, " + p.name() + " (worse of P1, P2)",
        String.format("%.2f ms", over),
        "",
        String.format(
            "<= %.0f ms %s",
            limitMs,
            floorSlower ? "NOT MEASURED (floor slower than the platform)" : ok ? "met" : "MISSED"));
    return ok;
  }

  /** P1 p99 of {@code p} over its p99 at rest, against {@link #FLOOD_OVER_REST}. */
  private static boolean overRest(
      PrintStream out, String row, String label, PlatformBench.Phase p, PlatformBench.Phase rest) {
    double ratio = p.p1().millis(0.99) / rest.p1().millis(0.99);
    boolean ok = ratio <= FLOOD_OVER_REST;
    out.printf(
        row,
        label,
        String.format("%.2f / %.2f ms", p.p1().millis(0.99), rest.p1().millis(0.99)),
        String.format("%.2fx", ratio),
        String.format("<= %.1fx %s", FLOOD_OVER_REST, ok ? "met" : "MISSED"));
    return ok;
  }

  private static String quantiles(Probes.Latencies l) {
    if (l == null || l.count() == 0) {
      return "-";
    }
    return String.format(
        "%.1f / %.1f / %.1f / %.1f (%d)",
        l.millis(0.5), l.millis(0.99), l.millis(0.999), l.millis(1.0), l.count());
  }

  private static String num(double v) {
    return String.format("%,.0f", v);
  }
}
