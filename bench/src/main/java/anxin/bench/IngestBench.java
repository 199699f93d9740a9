package anxin.bench;

import anxin.ingest.jdbc.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The whole ingest benchmark in one run: raw COPY and the writer alternately, the raw broker floor,
 * then the ingest tier end to end at stepped rates; every figure next to its floor and target.
 */
public final class IngestBench {

  /**
   * What to run.
   *
   * @param adminJdbcUrl a database to connect to for CREATE/DROP DATABASE
   * @param mqttUri the broker
   * @param mosquittoLog the broker's log, checked for dropped messages
   * @param events events per storage run
   * @param batch writer batch size, and the raw COPY's
   * @param rounds storage and broker throughput runs each
   * @param brokerMessages messages per raw broker throughput run
   * @param latencyRate publish rate for the raw broker latency, events/s
   * @param latencyTime how long the latency is measured
   * @param devices devices in the fleet
   * @param publishers MQTT publisher connections
   * @param window PUBACKs awaited per publisher at most
   * @param rates end-to-end target rates, events/s, tried in order until one is not sustained
   * @param stepTime how long each end-to-end step publishes
   * @param maxOutstanding most events published and not yet delivered (broker floor) or committed
   *     (end to end) before the generator waits
   * @param rawMaxOutstanding the same for the broker floor, lower: Mosquitto 2.0.11 was seen
   *     dropping for a raw subscriber that kept up with 2,000 outstanding (its inflight quota
   *     accounting, fixed in 2.0.12)
   * @param gatewayRates end-to-end target rates with gateway batches, events/s, tried in order
   *     until one is not sustained
   * @param gateways simulated edge gateways for those steps, each owning every {@code gateways}-th
   *     device and publishing up to {@link #GATEWAY_BATCH} events a message every {@link
   *     #GATEWAY_FLUSH}
   * @param phases which of storage, broker, e2e, gateways to run
   * @param keepDatabase leave the scratch database in place
   */
  public record Options(
      String adminJdbcUrl,
      String mqttUri,
      Path mosquittoLog,
      int events,
      int batch,
      int rounds,
      int brokerMessages,
      double latencyRate,
      Duration latencyTime,
      int devices,
      int publishers,
      int window,
      double[] rates,
      Duration stepTime,
      long maxOutstanding,
      long rawMaxOutstanding,
      double[] gatewayRates,
      int gateways,
      java.util.Set<String> phases,
      boolean keepDatabase) {}

  private static final double WRITER_TARGET = 0.85;
  private static final double E2E_RATIO_TARGET = 0.5;
  private static final double E2E_RATE_TARGET = 15_000;

  /** Events/s of one event per message while the JIT warms up, before the measured steps. */
  private static final double WARMUP_RATE = 2_000;

  /** Events per gateway message at most, as the platform benchmark's gateways. */
  static final int GATEWAY_BATCH = 100;

  /** How often a gateway publishes what its devices produced. */
  static final Duration GATEWAY_FLUSH = Duration.ofMillis(50);

  private final Options o;
  private final String runId =
      UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);

  public IngestBench(Options options) {
    this.o = options;
  }

  /** Runs everything and prints the table; returns true when every target was met. */
  public boolean run() throws Exception {
    Instant began = Instant.now();
    MosquittoLog log = new MosquittoLog(o.mosquittoLog());
    System.out.printf(
        "anxin bench ingest, run %s, %s%n  %d cores, java %s, %s; broker %s%n",
        runId,
        began,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        ScratchDatabase.queryString(o.adminJdbcUrl(), "SELECT version()").split(",")[0],
        o.mqttUri());
    if (!log.readable()) {
      System.out.println("  WARNING: " + o.mosquittoLog() + " not readable: drops unchecked");
    }
    List<StorageBench.Run> raw = new ArrayList<>();
    List<StorageBench.Run> written = new ArrayList<>();
    List<BrokerBench.Throughput> floors = new ArrayList<>();
    BrokerBench.Latency latency;
    List<EndToEndBench.Step> steps = new ArrayList<>();
    List<EndToEndBench.Step> gatewaySteps = new ArrayList<>();
    List<String> brokerDrops;
    try (ScratchDatabase db = ScratchDatabase.create(o.adminJdbcUrl(), o.keepDatabase())) {
      System.out.println("  database " + db.name());
      try (Database storage = Database.open(db.url(), db.user(), "", 4)) {
        Fleet fleet = Fleet.create("bench-" + runId, "s" + runId, o.devices());
        StorageBench bench = new StorageBench(storage.dataSource(), fleet, o.events(), o.batch());
        if (o.phases().contains("storage")) {
          bench.writer(); // warm-up: JIT, the staging table, the first checkpoint
        }
        for (int i = 0; i < o.rounds() && o.phases().contains("storage"); i++) {
          raw.add(progress(bench.raw()));
          written.add(progress(bench.writer()));
        }
      }

      log.mark();
      Fleet rawFleet = Fleet.create("bench-raw-" + runId, "r" + runId, o.devices());
      try (RawSubscriber sub =
              RawSubscriber.connect(
                  o.mqttUri(),
                  "bench-rawsub-" + runId,
                  "bench-raw-" + runId,
                  rawFleet.facility(),
                  10_000);
          LoadGenerator gen =
              LoadGenerator.connect(
                  o.mqttUri(),
                  "bench-rawpub-" + runId,
                  rawFleet,
                  o.publishers(),
                  o.window(),
                  true)) {
        BrokerBench broker = new BrokerBench(gen, sub, o.rawMaxOutstanding());
        if (o.phases().contains("broker")) {
          broker.throughput(Math.min(o.brokerMessages(), 20_000)); // warm-up
        }
        for (int i = 0, invalid = 0; i < o.rounds() && o.phases().contains("broker"); i++) {
          log.mark();
          BrokerBench.Throughput t = broker.throughput(o.brokerMessages());
          List<String> drops = log.dropsSinceMark();
          if (t.messages() < t.published() || (drops != null && !drops.isEmpty())) {
            System.out.printf(
                "  raw broker: INVALID run, %,d of %,d received, broker log: %s%n",
                t.messages(), t.published(), drops);
            if (++invalid > 2) {
              throw new IllegalStateException("the broker dropped messages in 3 raw runs");
            }
            i--;
            continue;
          }
          floors.add(t);
          System.out.printf(
              "  raw broker: %,.0f msg/s (%,d in %.2f s)%n",
              t.perSecond(), t.messages(), t.nanos() / 1e9);
        }
        log.mark();
        latency =
            o.phases().contains("broker")
                ? broker.latency(o.latencyRate(), o.latencyTime())
                : new BrokerBench.Latency(0, 0, 0, 0, 0);
      }
      brokerDrops = log.dropsSinceMark(); // during the latency run

      Fleet e2eFleet = Fleet.create("bench-e2e-" + runId, "e" + runId, o.devices());
      try (EndToEndBench e2e = new EndToEndBench(db, o.mqttUri(), runId, e2eFleet);
          LoadGenerator gen =
              LoadGenerator.connect(
                  o.mqttUri(), "bench-pub-" + runId, e2eFleet, o.publishers(), o.window(), false)) {
        if (o.phases().contains("e2e") || o.phases().contains("gateways")) {
          // Not reported: the JIT compiles ingest's path here, not in the first measured step
          // (which it otherwise took to 1 core and a durable time of 100-2,000 ms on this machine).
          EndToEndBench.Step w = e2e.step(gen, log, WARMUP_RATE, o.stepTime(), o.maxOutstanding());
          System.out.printf(
              "  e2e warm-up at %,.0f/s (not reported): committed %,.0f/s, %s%n",
              WARMUP_RATE, w.committedRate(), w.verification());
        }
        for (double rate : o.phases().contains("e2e") ? o.rates() : new double[0]) {
          EndToEndBench.Step s = e2e.step(gen, log, rate, o.stepTime(), o.maxOutstanding());
          steps.add(progress("e2e", s));
          if (!s.sustained()) {
            break;
          }
        }
        if (o.phases().contains("gateways")) {
          try (GatewayLoad gateways =
              GatewayLoad.connect(o.mqttUri(), "bench-gw-" + runId, e2eFleet, o.gateways(), 32)) {
            for (double rate : o.gatewayRates()) {
              EndToEndBench.Step s =
                  e2e.step(gateways, log, rate, o.stepTime(), GATEWAY_BATCH, GATEWAY_FLUSH);
              gatewaySteps.add(progress("e2e gateway batches,", s));
              if (!s.sustained()) {
                break;
              }
            }
          }
        }
      }
    }
    return Report.print(
        began,
        o,
        raw,
        written,
        floors,
        latency,
        brokerDrops,
        steps,
        gatewaySteps,
        WRITER_TARGET,
        E2E_RATE_TARGET,
        E2E_RATIO_TARGET);
  }

  private static EndToEndBench.Step progress(String what, EndToEndBench.Step s) {
    System.out.printf(
        "  %s target %,.0f/s: published %,.0f/s, committed %,.0f/s, drain %.1f s, %s%s%n",
        what,
        s.target(),
        s.publishRate(),
        s.committedRate(),
        s.drainSeconds(),
        s.verification(),
        s.sustained() ? "" : "  <- not sustained");
    return s;
  }

  private static StorageBench.Run progress(StorageBench.Run r) {
    System.out.printf(
        "  %-16s %,.0f rows/s (%,d in %.2f s)%n",
        r.what(), r.perSecond(), r.events(), r.nanos() / 1e9);
    return r;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
