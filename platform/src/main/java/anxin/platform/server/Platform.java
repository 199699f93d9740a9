package anxin.platform.server;

import anxin.alerting.AlertEvent;
import anxin.alerting.Observation;
import anxin.alerting.core.AlertingCore;
import anxin.alerting.core.JdbcEventHistory;
import anxin.alerting.digest.DigestJob;
import anxin.alerting.escalation.Escalator;
import anxin.alerting.lifecycle.AlertBook;
import anxin.alerting.lifecycle.AlertDesk;
import anxin.alerting.lifecycle.UlidSource;
import anxin.alerting.notify.Channel;
import anxin.alerting.notify.ChannelRouter;
import anxin.alerting.notify.ChannelSender;
import anxin.alerting.notify.NotifyConfig;
import anxin.alerting.notify.Templates;
import anxin.alerting.notify.console.ConsolePublisher;
import anxin.alerting.notify.smpp.SmppSender;
import anxin.alerting.notify.sms.HttpSmsSender;
import anxin.alerting.notify.webhook.WebhookSender;
import anxin.alerting.outbox.JdbcOutbox;
import anxin.alerting.outbox.OutboxDispatcher;
import anxin.alerting.outbox.RetryPolicy;
import anxin.alerting.rule.RuleEngine;
import anxin.alerting.store.JdbcAlertStore;
import anxin.ingest.IngestedEvent;
import anxin.ingest.http.HttpIngestRoutes;
import anxin.ingest.http.HttpIngestServer;
import anxin.ingest.http.HttpIngestSettings;
import anxin.ingest.jdbc.Database;
import anxin.ingest.jdbc.JdbcProvisioning;
import anxin.ingest.jdbc.WriterConfig;
import anxin.ingest.micrometer.MicrometerIngestMetrics;
import anxin.ingest.node.IngestNode;
import anxin.ingest.paho.MqttIngestConfig;
import anxin.ingest.pipeline.IngestPipeline;
import anxin.platform.access.ApiTokens;
import anxin.platform.access.AuthGuard;
import anxin.platform.config.PlatformConfig;
import anxin.platform.embedded.EmbeddedDatabase;
import anxin.platform.embedded.EmbeddedMqttBroker;
import anxin.platform.micrometer.MicrometerAlertingMetrics;
import anxin.platform.store.JdbcDirectory;
import anxin.platform.store.JdbcGatewayStatuses;
import anxin.platform.store.PlatformSchema;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One platform process (issue 5): embedded PostgreSQL and MQTT broker when none are configured,
 * ingest (MQTT, CoAP, HTTP), the alerting core with its outbox and channels, the HTTP API with the
 * console's event stream, the console, health and metrics, on one HTTP port.
 *
 * <p>{@link #close()} stops gracefully: intake first (MQTT, CoAP, HTTP), then the ingest writer
 * flushes, the alerting core writes what it holds and the outbox dispatcher finishes its batch,
 * then the channels, the database and the embedded servers stop.
 */
public final class Platform implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

  private final Deque<AutoCloseable> parts = new ArrayDeque<>();
  private final PlatformConfig config;
  private String jdbcUrl;
  private String mqttUrl;
  private Database database;
  private JdbcDirectory directory;
  private ApiTokens tokens;
  private IngestNode ingest;
  private AlertingCore core;
  private ConsolePublisher console;
  private int httpPort;
  private PrometheusMeterRegistry meters;
  private java.util.List<String> routes = java.util.List.of();

  private Platform(PlatformConfig config) {
    this.config = config;
  }

  /** Starts everything; on failure whatever started is stopped again and the cause thrown. */
  public static Platform start(PlatformConfig config, Clock clock) throws Exception {
    Platform p = new Platform(config);
    try {
      p.startAll(clock);
      return p;
    } catch (Exception | Error e) {
      p.close();
      throw e;
    }
  }

  private void startAll(Clock clock) throws Exception {
    Files.createDirectories(config.dataDir());
    meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(meters);
    new JvmGcMetrics().bindTo(meters);
    new JvmThreadMetrics().bindTo(meters);
    new ProcessorMetrics().bindTo(meters);

    String dbUser = config.databaseUser();
    String dbPassword = config.databasePassword();
    if (config.embeddedDatabase()) {
      Path dir = config.dataDir().resolve("postgres");
      EmbeddedDatabase db = EmbeddedDatabase.start(dir, false);
      parts.push(db);
      jdbcUrl = db.jdbcUrl();
      dbUser = "postgres";
      dbPassword = "";
      LOG.info("storage: embedded PostgreSQL, data in {} ({})", dir.toAbsolutePath(), jdbcUrl);
    } else {
      jdbcUrl = config.databaseUrl();
    }
    if (config.embeddedBroker()) {
      Path dir = config.dataDir().resolve("mqtt");
      EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(dir, config.mqttEmbeddedPort());
      parts.push(broker);
      mqttUrl = broker.serverUri();
      LOG.info(
          "mqtt: embedded broker (HiveMQ CE) on {}, data in {}", mqttUrl, dir.toAbsolutePath());
    } else {
      mqttUrl = String.join(",", config.mqttUrls());
    }

    database = Database.open(jdbcUrl, dbUser, dbPassword, config.poolSize());
    parts.push(database);
    JdbcOutbox.migrate(database.dataSource());
    PlatformSchema.migrate(database.dataSource());
    anxin.dashboards.Migrations.migrate(database.dataSource());
    directory = new JdbcDirectory(database.dataSource(), config.rules(), config.escalation());
    directory.reload();
    tokens = new ApiTokens(database.dataSource());

    Vertx vertx = Vertx.vertx();
    parts.push(() -> vertx.close().await());
    AlertJson json = new AlertJson(directory);
    AlertStream stream = new AlertStream(directory, json);

    NotifyConfig notify = config.channels();
    Templates templates = new Templates(notify.residentDisplay());
    console = new ConsolePublisher(templates, notify.consoleMaxQueued());
    console.subscribe(stream::page);
    Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);
    senders.put(Channel.CONSOLE, console);
    senders.put(Channel.WEBHOOK, new WebhookSender(notify.webhook(), templates, clock));
    switch (notify.sms()) {
      case HTTP -> senders.put(Channel.SMS, new HttpSmsSender(notify.httpSms(), templates));
      case SMPP -> senders.put(Channel.SMS, new SmppSender(notify.smpp(), templates));
      case NONE -> LOG.warn("notify: no SMS channel configured (notify.sms=none): SMS pages fail");
    }
    ChannelRouter channels = new ChannelRouter(senders);
    parts.push(channels);
    JdbcAlertStore alertStore = new JdbcAlertStore(database.dataSource(), clock);
    RetryPolicy retry = RetryPolicy.defaults();
    MicrometerAlertingMetrics alertingMetrics = new MicrometerAlertingMetrics(meters);
    JdbcOutbox outbox = new JdbcOutbox(database.dataSource(), clock);
    OutboxDispatcher dispatcher =
        OutboxDispatcher.start(
            outbox, channels, retry, clock, OutboxDispatcher.Settings.defaults(), alertingMetrics);
    parts.push(dispatcher);
    // The outbox backlog gauge: one count over the claim's index every 10 s, on a worker.
    alertingMetrics.outboxPending(outbox.countPending());
    long countPending =
        vertx.setPeriodic(
            10_000,
            id ->
                vertx
                    .executeBlocking(
                        () -> {
                          alertingMetrics.outboxPending(outbox.countPending());
                          return null;
                        },
                        false)
                    .onFailure(
                        e -> LOG.debug("outbox: cannot count pending rows: {}", e.toString())));
    parts.push(() -> vertx.cancelTimer(countPending));

    AtomicReference<MqttLink> link = new AtomicReference<>();
    RuleEngine engine = new RuleEngine(directory::rules);
    AlertDesk desk =
        new AlertDesk(new AlertBook(new UlidSource(new SecureRandom())), new Escalator(directory));
    core =
        AlertingCore.start(
            AlertingCore.Settings.defaults(),
            new AlertingCore.Parts(
                engine,
                desk,
                alertStore,
                new JdbcEventHistory(database.dataSource()),
                channels,
                retry,
                dispatcher::sendNow,
                c -> {
                  MqttLink l = link.get();
                  if (l != null) {
                    l.publish(c);
                  }
                },
                clock,
                alertingMetrics));
    parts.push(() -> core.close(config.shutdownTimeout()));
    // The P3 daily digest; the directory is an immutable snapshot, safe from its thread.
    parts.push(
        DigestJob.start(
            alertStore,
            new JdbcOutbox(database.dataSource(), clock),
            directory,
            clock,
            dispatcher::wakeUp,
            DigestJob.EVERY));
    core.addListener(stream::publish);
    directory.onRulesChanged(core::reconfigure);
    Counter.Builder opened = Counter.builder("anxin_alerts_opened").description("alerts opened");
    core.addListener(
        e -> {
          if (e.kind() == AlertEvent.Kind.OPENED) {
            opened
                .tag("severity", e.alert().severity().name())
                .tag("rule", e.alert().rule().wireName())
                .register(meters)
                .increment();
          }
        });
    Gauge.builder("anxin_alerting_database_writable", () -> core.databaseWritable() ? 1 : 0)
        .description("1 while alerting writes to the database, 0 while pages go out directly")
        .register(meters);
    Gauge.builder("anxin_alerting_waiting_for_database", core::waitingForDatabase)
        .description("alert history writes and page outcomes held in memory for the database")
        .register(meters);

    JdbcGatewayStatuses gatewayStatuses =
        new JdbcGatewayStatuses(database.dataSource(), 10_000, 5_000);
    parts.push(gatewayStatuses);
    FunctionCounter.builder(
            "anxin.gateway.status.dropped", gatewayStatuses, JdbcGatewayStatuses::dropped)
        .description("Gateway statuses not stored: 10,000 gateways' statuses already waiting")
        .register(meters);
    Map<StatusDecoder.Reason, Counter> statusRejects = new EnumMap<>(StatusDecoder.Reason.class);
    for (StatusDecoder.Reason r : StatusDecoder.Reason.values()) {
      statusRejects.put(
          r,
          Counter.builder("anxin.gateway.status.rejected")
              .description("Gateway status messages rejected, by reason")
              .tag("reason", r.tag())
              .register(meters));
    }
    MqttLink l =
        MqttLink.start(
            java.util.List.of(mqttUrl.split(",")),
            config.mqttClientId() + "-link",
            config.mqttUsername(),
            config.mqttPassword(),
            config.mqttTls(),
            clock,
            new MqttLink.Sinks(
                core::submit, gatewayStatuses::offer, r -> statusRejects.get(r).increment()));
    link.set(l);
    parts.push(l);

    MqttIngestConfig mqtt = mqttConfig();
    ingest =
        IngestNode.start(
            new IngestNode.Config(
                jdbcUrl,
                dbUser,
                dbPassword,
                Math.max(2, config.poolSize() / 2),
                deviceKey(),
                mqtt,
                config.coap(),
                null,
                IngestPipeline.Settings.DEFAULTS,
                WriterConfig.defaults(),
                Duration.ofHours(24)),
            e -> core.submit(observation(e)),
            meters,
            clock);
    parts.push(ingest);

    ApiRoutes api =
        new ApiRoutes(
            vertx,
            tokens,
            AuthGuard.defaults(clock),
            directory,
            alertStore,
            core,
            stream,
            json,
            database.dataSource());
    OpsRoutes ops =
        new OpsRoutes(
            vertx,
            database.dataSource(),
            () -> ingest.mqtt() == null || ingest.mqtt().isSubscribed(),
            core::databaseWritable,
            core::waitingForDatabase,
            meters);
    ProvisioningRoutes provisioningRoutes =
        new ProvisioningRoutes(
            vertx,
            database.dataSource(),
            directory,
            ingest.provisioning(),
            config.rules(),
            config.escalation());
    HttpIngestRoutes ingestRoutes =
        new HttpIngestRoutes(
            ingest.pipeline(),
            ingest.registry(),
            HttpIngestSettings.DEFAULTS,
            clock,
            new MicrometerIngestMetrics(meters));
    HttpIngestServer http =
        new HttpIngestServer(
            vertx,
            new HttpIngestServer.Config(
                config.httpHost(),
                config.httpPort(),
                config.tls()
                    ? new HttpIngestServer.Tls(config.tlsCertificate(), config.tlsPrivateKey())
                    : null,
                Duration.ofSeconds(60)),
            router -> {
              mount(router, ingestRoutes, api, ops);
              provisioningRoutes.mount(router);
              new ImportRoute(vertx, database.dataSource(), directory).mount(router);
              ApiRoutes.notFound(router);
              routes = describe(router);
              return router;
            });
    httpPort = http.start();
    parts.push(http);
    long heartbeat = vertx.setPeriodic(15_000, id -> stream.heartbeat());
    parts.push(() -> vertx.cancelTimer(heartbeat));
    long reload =
        vertx.setPeriodic(
            10_000,
            id ->
                vertx.executeBlocking(
                    () -> {
                      directory.reload();
                      return null;
                    },
                    false));
    parts.push(() -> vertx.cancelTimer(reload));
    LOG.info("platform: console and API on {}", consoleUrl());
  }

  /** Every route served, as {@code METHOD /path} (path parameters as {@code {name}}), for tests. */
  public java.util.List<String> routes() {
    return routes;
  }

  private static Router mount(
      Router router, HttpIngestRoutes ingest, ApiRoutes api, OpsRoutes ops) {
    ingest.mount(router);
    ops.mount(router);
    api.mount(router);
    router.get("/").handler(ctx -> ctx.redirect("/console/"));
    router.get("/favicon.ico").handler(ctx -> ctx.response().setStatusCode(204).end());
    router
        .get("/openapi.yaml")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/yaml; charset=utf-8")
                    .sendFile("openapi.yaml"));
    router
        .route("/console/*")
        .handler(
            StaticHandler.create("console").setCachingEnabled(false).setIndexPage("index.html"));
    return router;
  }

  private static java.util.List<String> describe(Router router) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (io.vertx.ext.web.Route r : router.getRoutes()) {
      String path = r.getPath();
      if (path == null || r.methods() == null || r.methods().isEmpty()) {
        continue; // catch-alls: authentication, 405 and 404 answers, static files
      }
      for (io.vertx.core.http.HttpMethod m : r.methods()) {
        out.add(m.name() + " " + path.replaceAll(":([A-Za-z]+)", "{$1}"));
      }
    }
    return java.util.List.copyOf(out);
  }

  private MqttIngestConfig mqttConfig() {
    MqttIngestConfig base = MqttIngestConfig.of(mqttUrl.split(",")[0], config.mqttClientId());
    return new MqttIngestConfig(
        java.util.List.of(mqttUrl.split(",")),
        base.clientId(),
        config.mqttShareGroup(),
        config.mqttUsername().isEmpty() ? null : config.mqttUsername(),
        config.mqttUsername().isEmpty() ? null : config.mqttPassword().toCharArray(),
        config.mqttTls(),
        config.mqttSessionExpiry(),
        base.receiveMaximum(),
        base.keepAlive(),
        base.reconnectMin(),
        base.reconnectMax(),
        config.mqttAlarmWatch());
  }

  private static Observation observation(IngestedEvent e) {
    return new Observation(
        e.event(),
        e.facility(),
        e.device().id(),
        e.device().kind(),
        e.device().room(),
        e.device().residentId(),
        e.receivedAt());
  }

  /** The device key from its file, created (32 random bytes, owner-only) on first start. */
  private byte[] deviceKey() throws IOException {
    Path file =
        config.deviceKeyFile() != null
            ? config.deviceKeyFile()
            : config.dataDir().resolve("device.key");
    if (Files.exists(file)) {
      byte[] key = Files.readAllBytes(file);
      if (key.length != 32) {
        throw new IOException(file + " must hold exactly 32 bytes, has " + key.length);
      }
      return key;
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Files.write(file, key);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
    LOG.info("platform: created the device key {}; keep it with the database backups", file);
    return key;
  }

  /** Where people reach the console. */
  public String consoleUrl() {
    if (config.publicUrl() != null) {
      return config.publicUrl().replaceAll("/+$", "") + "/console/";
    }
    String host = config.httpHost().equals("0.0.0.0") ? "127.0.0.1" : config.httpHost();
    return (config.tls() ? "https" : "http") + "://" + host + ":" + httpPort + "/console/";
  }

  public int httpPort() {
    return httpPort;
  }

  /**
   * The console channel: what the outbox hands console pages to. Subscribing observes each page as
   * the channel publishes it (the benchmark measures publish to page handed to a channel here).
   */
  public ConsolePublisher console() {
    return console;
  }

  public String mqttUrl() {
    return mqttUrl;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public Database database() {
    return database;
  }

  public JdbcDirectory directory() {
    return directory;
  }

  public ApiTokens tokens() {
    return tokens;
  }

  public JdbcProvisioning provisioning() {
    return ingest.provisioning();
  }

  public IngestNode ingest() {
    return ingest;
  }

  public AlertingCore alerting() {
    return core;
  }

  public PrometheusMeterRegistry meters() {
    return meters;
  }

  @Override
  public void close() {
    while (!parts.isEmpty()) {
      AutoCloseable part = parts.pop();
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("platform: stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
