package anxin.ingest.node;

import anxin.ingest.EventHandoff;
import anxin.ingest.coap.CoapIngestConfig;
import anxin.ingest.coap.CoapIngestServer;
import anxin.ingest.http.HttpIngestRoutes;
import anxin.ingest.http.HttpIngestServer;
import anxin.ingest.http.HttpIngestSettings;
import anxin.ingest.jdbc.Database;
import anxin.ingest.jdbc.JdbcDeviceRegistry;
import anxin.ingest.jdbc.JdbcEventWriter;
import anxin.ingest.jdbc.JdbcProvisioning;
import anxin.ingest.jdbc.MicrometerWriterMetrics;
import anxin.ingest.jdbc.PskCipher;
import anxin.ingest.jdbc.RecentKeys;
import anxin.ingest.jdbc.WriterConfig;
import anxin.ingest.micrometer.MicrometerIngestMetrics;
import anxin.ingest.paho.MqttEventSubscriber;
import anxin.ingest.paho.MqttIngestConfig;
import anxin.ingest.pipeline.IngestPipeline;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest tier assembled: database, registry, writer, pipeline, and the transports that are
 * configured. Closing stops intake first, then flushes the writer, then releases the database.
 */
public final class IngestNode implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IngestNode.class);

  /**
   * What to start.
   *
   * @param jdbcUrl PostgreSQL JDBC URL
   * @param dbUser database user
   * @param dbPassword database password, may be empty
   * @param poolSize connection pool size (at least 2)
   * @param pskKey 32-byte key that seals DTLS pre-shared keys at rest
   * @param mqtt MQTT subscriber settings, or null for no MQTT
   * @param coap CoAP endpoint settings, or null for no CoAP
   * @param http HTTP endpoint settings, or null for no HTTP
   * @param pipeline pipeline tunables
   * @param writer writer tunables
   * @param recentKeysWindow how far back the dedup window is filled from the database at start
   */
  public record Config(
      String jdbcUrl,
      String dbUser,
      String dbPassword,
      int poolSize,
      byte[] pskKey,
      MqttIngestConfig mqtt,
      CoapIngestConfig coap,
      HttpIngestServer.Config http,
      IngestPipeline.Settings pipeline,
      WriterConfig writer,
      Duration recentKeysWindow) {}

  private static final int RECENT_KEYS_LIMIT = 500_000;

  private final Deque<AutoCloseable> intake = new ArrayDeque<>();
  private final Deque<AutoCloseable> storage = new ArrayDeque<>();
  private Database database;
  private JdbcDeviceRegistry registry;
  private JdbcEventWriter writer;
  private IngestPipeline pipeline;
  private JdbcProvisioning provisioning;
  private CoapIngestServer coap;
  private MqttEventSubscriber mqtt;
  private HttpIngestServer http;
  private int httpPort = -1;

  private IngestNode() {}

  /**
   * Starts everything configured. On failure, whatever was started is closed again.
   *
   * @param handoff where accepted events go at once (the alerting core)
   */
  public static IngestNode start(
      Config config, EventHandoff handoff, MeterRegistry meters, Clock clock) throws Exception {
    IngestNode node = new IngestNode();
    try {
      node.startAll(config, handoff, meters, clock);
      return node;
    } catch (Exception | Error e) {
      node.close();
      throw e;
    }
  }

  private void startAll(Config c, EventHandoff handoff, MeterRegistry meters, Clock clock)
      throws Exception {
    database = Database.open(c.jdbcUrl(), c.dbUser(), c.dbPassword(), c.poolSize());
    storage.push(database);
    PskCipher cipher = new PskCipher(c.pskKey());
    registry = JdbcDeviceRegistry.start(database.dataSource(), cipher);
    storage.push(registry);
    provisioning = new JdbcProvisioning(database.dataSource(), cipher);
    writer =
        JdbcEventWriter.start(
            database.dataSource(), c.writer(), new MicrometerWriterMetrics(meters));
    storage.push(writer);
    MicrometerIngestMetrics metrics = new MicrometerIngestMetrics(meters);
    pipeline = new IngestPipeline(registry, writer, handoff, metrics, c.pipeline());
    int keys =
        RecentKeys.load(
            database.dataSource(), c.recentKeysWindow(), RECENT_KEYS_LIMIT, pipeline::preload);
    log.info("ingest: {} devices provisioned, {} recent dedup keys loaded", registry.size(), keys);
    if (c.coap() != null) {
      coap = new CoapIngestServer(c.coap(), pipeline, registry, clock, metrics);
      coap.start();
      intake.push(coap);
    }
    if (c.http() != null) {
      Vertx vertx = Vertx.vertx();
      intake.push(() -> vertx.close().await());
      HttpIngestRoutes routes =
          new HttpIngestRoutes(pipeline, registry, HttpIngestSettings.DEFAULTS, clock, metrics);
      http = new HttpIngestServer(vertx, c.http(), routes);
      httpPort = http.start();
      intake.push(http);
    }
    if (c.mqtt() != null) {
      int bound = mqttBacklogBound(c.pipeline().maxBacklog(), Runtime.getRuntime().maxMemory());
      log.info(
          "ingest: MQTT telemetry waits in the intake beyond {} events queued for writing", bound);
      MqttEventSubscriber m =
          new MqttEventSubscriber(c.mqtt(), pipeline, clock, () -> writer.backlog() >= bound);
      mqtt = m;
      Gauge.builder("anxin.ingest.mqtt.waiting", m::waiting)
          .description("MQTT messages received and not yet taken by the pipeline")
          .register(meters);
      FunctionCounter.builder("anxin.ingest.mqtt.prioritized", m, MqttEventSubscriber::prioritized)
          .description("MQTT messages that may carry an alarm, taken ahead of telemetry")
          .register(meters);
      FunctionCounter.builder("anxin.ingest.mqtt.early", m, MqttEventSubscriber::takenEarly)
          .description("Alarms taken by the alarm watch ahead of the persistent session")
          .register(meters);
      Gauge.builder("anxin.ingest.mqtt.watching", () -> m.isWatching() ? 1 : 0)
          .description("1 while the alarm watch is subscribed (0 when off or away)")
          .register(meters);
      m.start();
      intake.push(m);
    }
  }

  /**
   * Events that may queue for the database before the MQTT intake holds telemetry back (alarms go
   * on): one per 4 KiB of heap (an event queued costs under 1 KiB), at least the pipeline's {@code
   * maxBacklog}. Until then alerting gets every event at once, whatever the database does.
   */
  static int mqttBacklogBound(int maxBacklog, long maxHeap) {
    return (int) Math.max(maxBacklog, Math.min(Integer.MAX_VALUE, maxHeap / 4096));
  }

  public IngestPipeline pipeline() {
    return pipeline;
  }

  public Database database() {
    return database;
  }

  public JdbcProvisioning provisioning() {
    return provisioning;
  }

  public JdbcDeviceRegistry registry() {
    return registry;
  }

  /** The CoAP endpoint, or null when CoAP is not configured. */
  public CoapIngestServer coap() {
    return coap;
  }

  /** The port the HTTP endpoint listens on, or -1 when HTTP is not configured. */
  public int httpPort() {
    return httpPort;
  }

  /** The MQTT subscriber, or null when MQTT is not configured. */
  public MqttEventSubscriber mqtt() {
    return mqtt;
  }

  /** Events queued for the database and not yet committed. */
  public int backlog() {
    return writer == null ? 0 : writer.backlog();
  }

  @Override
  public void close() {
    closeAll(intake); // stop taking new messages
    closeAll(storage); // writer flushes, then registry and pool go
  }

  private static void closeAll(Deque<AutoCloseable> parts) {
    while (!parts.isEmpty()) {
      AutoCloseable part = parts.pop();
      try {
        part.close();
      } catch (Exception e) {
        log.warn("ingest: closing {} failed: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
