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
   * @param phases which of storage, broker, e2e to run
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
      java.util.Set<String> phases,
      boolean keepDatabase) {}

  private static final double WRITER_TARGET = 0.85;
  private static final double E2E_RATIO_TARGET = 0.5;
  private static final double E2E_RATE_TARGET = 15_000;

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
        for (double rate : o.phases().contains("e2e") ? o.rates() : new double[0]) {
          EndToEndBench.Step s = e2e.step(gen, log, rate, o.stepTime(), o.maxOutstanding());
          steps.add(s);
          System.out.printf(
              "  e2e target %,.0f/s: published %,.0f/s, committed %,.0f/s, drain %.1f s, %s%s%n",
              s.target(),
              s.publishRate(),
              s.committedRate(),
              s.drainSeconds(),
              s.verification(),
              s.sustained() ? "" : "  <- not sustained");
          if (!s.sustained()) {
            break;
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
        WRITER_TARGET,
        E2E_RATE_TARGET,
        E2E_RATIO_TARGET);
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
