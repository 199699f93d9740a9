package anxin.bench;

import anxin.ingest.jdbc.WriterConfig;
import anxin.ingest.node.IngestNode;
import anxin.ingest.paho.MqttIngestConfig;
import anxin.ingest.pipeline.IngestPipeline;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

/**
 * A real {@link IngestNode} (MQTT only, a counting hand-off) fed by the {@link LoadGenerator} at
 * stepped target rates. Each step publishes for a fixed time, waits until every published event is
 * committed, and checks in SQL that the table holds exactly the events published so far, each
 * (device, seq) once.
 */
final class EndToEndBench implements AutoCloseable {

  /** One step's figures. */
  record Step(
      double target,
      long published,
      double publishRate,
      double committedRate,
      double drainSeconds,
      boolean exact,
      String verification,
      long rejected,
      long windowFull,
      long guardStops,
      double durableMeanMillis,
      List<String> drops,
      CpuMeter.Usage cpu) {

    /**
     * The rate was sustained: published on schedule, committed as fast, nothing lost or dropped.
     */
    boolean sustained() {
      return exact
          && drops != null
          && drops.isEmpty()
          && rejected == 0
          && publishRate >= 0.97 * target
          && committedRate >= 0.95 * target;
    }
  }

  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

  private final ScratchDatabase db;
  private final String serverUri;
  private final String clientId;
  private final Fleet fleet;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final AtomicLong handedOff = new AtomicLong();
  private final IngestNode node;
  private final DistributionSummary committed;
  private long published; // events the broker acknowledged, over every step

  EndToEndBench(ScratchDatabase db, String serverUri, String runId, Fleet fleet) throws Exception {
    this.db = db;
    this.serverUri = serverUri;
    this.clientId = "bench-ingest-" + runId;
    this.fleet = fleet;
    MqttIngestConfig mqtt =
        new MqttIngestConfig(
            List.of(serverUri),
            clientId,
            "bench-" + runId,
            null,
            null,
            null,
            Duration.ofSeconds(60), // a crashed run's session does not outlive it by much
            MqttIngestConfig.of(serverUri, clientId).receiveMaximum(),
            Duration.ofSeconds(30),
            Duration.ofMillis(200),
            Duration.ofSeconds(2),
            false); // one event per message and no alarms: measures the persistent path alone
    IngestNode.Config config =
        new IngestNode.Config(
            db.url(),
            db.user(),
            "",
            4,
            new byte[32],
            mqtt,
            null, // no CoAP
            null, // no HTTP
            IngestPipeline.Settings.DEFAULTS,
            WriterConfig.defaults(),
            Duration.ofMinutes(5));
    try (Connection c = db.connect();
        java.sql.Statement s = c.createStatement()) {
      s.execute("TRUNCATE event, event_seen"); // what the storage runs left
    } catch (java.sql.SQLException e) {
      // a fresh database has no tables yet: the node creates them
    }
    node = IngestNode.start(config, e -> handedOff.incrementAndGet(), meters, Clock.systemUTC());
    committed = meters.get("anxin.ingest.write.batch").summary();
    fleet.provision(node, db);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while ((!node.mqtt().isConnected() || node.registry().size() < fleet.size())
        && System.nanoTime() < deadline) {
      LockSupport.parkNanos(20_000_000);
    }
    if (!node.mqtt().isConnected() || node.registry().size() < fleet.size()) {
      throw new IllegalStateException(
          "ingest not ready: connected="
              + node.mqtt().isConnected()
              + ", devices "
              + node.registry().size());
    }
    LockSupport.parkNanos(Duration.ofMillis(500).toNanos()); // the SUBACK follows the CONNACK
  }

  int receiveMaximum() {
    return MqttIngestConfig.of(serverUri, clientId).receiveMaximum();
  }

  /** Events committed so far, duplicates included. */
  long committed() {
    return (long) committed.totalAmount();
  }

  /** What a step's load published. */
  private record Published(
      long events, double perSecond, long failed, long windowFull, long guardStops) {}

  /** A step of one event per MQTT message, from {@code generator}'s directly connected devices. */
  Step step(
      LoadGenerator generator,
      MosquittoLog log,
      double rate,
      Duration duration,
      long maxOutstanding)
      throws Exception {
    return step(
        new CpuMeter(generator),
        log,
        rate,
        () -> {
          LoadGenerator.Result r =
              generator.run(rate, duration, Long.MAX_VALUE, this::committed, maxOutstanding);
          return new Published(
              r.published(), r.perSecond(), r.failed(), r.windowFull(), r.guardStops());
        });
  }

  /**
   * A step of gateway batches ({@code _batch} messages of up to {@code maxBatch} events every
   * {@code flush}), the way care homes are wired; the same node, table and checks.
   */
  Step step(
      GatewayLoad gateways,
      MosquittoLog log,
      double rate,
      Duration duration,
      int maxBatch,
      Duration flush)
      throws Exception {
    return step(
        new CpuMeter(
            name -> name.contains(gateways.threadNames()), gateways::threadCpuNanos, () -> 0),
        log,
        rate,
        () -> {
          GatewayLoad.Result r = gateways.run(rate, duration, maxBatch, flush);
          return new Published(r.events(), r.perSecond(), r.failed(), r.windowFull(), 0);
        });
  }

  private interface Load {
    Published run() throws Exception;
  }

  private Step step(CpuMeter meter, MosquittoLog log, double rate, Load load) throws Exception {
    log.mark();
    long rejectedBefore = rejected();
    Timer durable =
        meters
            .find("anxin.ingest.latency")
            .tag("stage", "durable")
            .tag("transport", "mqtt")
            .timer();
    long countBefore = durable == null ? 0 : durable.count();
    double totalBefore = durable == null ? 0 : durable.totalTime(TimeUnit.MILLISECONDS);
    CpuMeter.Sample a = meter.sample();
    long start = System.nanoTime();
    Published r = load.run();
    long publishEnd = System.nanoTime();
    published += r.events();
    long expected = published;
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    while (committed() < expected && System.nanoTime() < deadline) {
      LockSupport.parkNanos(2_000_000);
    }
    long drained = System.nanoTime();
    CpuMeter.Sample b = meter.sample();
    String verification;
    boolean exact;
    try (Connection c = db.connect()) {
      long rows = ScratchDatabase.queryLong(c, "SELECT count(*) FROM event");
      long distinct =
          ScratchDatabase.queryLong(c, "SELECT count(DISTINCT (device_id, seq)) FROM event");
      exact = rows == expected && distinct == expected && r.failed() == 0;
      verification = rows + " rows, " + distinct + " distinct of " + expected + " published";
    }
    durable =
        meters
            .find("anxin.ingest.latency")
            .tag("stage", "durable")
            .tag("transport", "mqtt")
            .timer();
    double meanMillis =
        durable == null || durable.count() == countBefore
            ? Double.NaN
            : (durable.totalTime(TimeUnit.MILLISECONDS) - totalBefore)
                / (durable.count() - countBefore);
    return new Step(
        rate,
        r.events(),
        r.perSecond(),
        r.events() * 1e9 / (drained - start),
        (drained - publishEnd) / 1e9,
        exact,
        verification,
        rejected() - rejectedBefore,
        r.windowFull(),
        r.guardStops(),
        meanMillis,
        log.dropsSinceMark(),
        CpuMeter.between(a, b));
  }

  private long rejected() {
    return (long)
        meters.find("anxin.ingest.rejections").counters().stream()
            .mapToDouble(Counter::count)
            .sum();
  }

  @Override
  public void close() throws Exception {
    node.close();
    // remove the persistent session so that it queues nothing more
    MqttClient c = new MqttClient(serverUri, clientId, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setSessionExpiryInterval(0L);
    c.connect(o);
    c.disconnect();
    c.close();
  }
}
