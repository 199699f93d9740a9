package anxin.ingest.node;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.ingest.Device;
import anxin.ingest.coap.CoapIngestConfig;
import anxin.ingest.http.HttpIngestServer;
import anxin.ingest.jdbc.JdbcProvisioning;
import anxin.ingest.jdbc.WriterConfig;
import anxin.ingest.paho.MqttIngestConfig;
import anxin.ingest.pipeline.IngestPipeline;
import anxin.protocol.Format;
import anxin.protocol.sim.Pacer;
import anxin.protocol.sim.Plan;
import anxin.protocol.sim.Scenario;
import anxin.protocol.sim.Scenarios;
import anxin.protocol.sim.SimulatedDevice;
import anxin.protocol.sim.Simulator;
import anxin.protocol.sim.paho.PahoMqttSink;
import anxin.testing.MqttBroker;
import anxin.testing.Postgres;
import java.net.InetAddress;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

/** Builds ingest nodes, simulated nights and their provisioning for the end-to-end ITs. */
final class IngestHarness {

  static final byte[] PSK_KEY = new byte[32];

  final String group = "it-" + UUID.randomUUID().toString().substring(0, 8);
  final String clientId = "ingest-" + group;

  /** A node on {@code db} subscribed to {@code broker} under this harness's own share group. */
  IngestNode.Config config(Postgres db, MqttBroker broker) {
    return config(db.jdbcUrl(), db.user(), db.password(), broker.serverUri(), clientId, group);
  }

  /** A node with MQTT only, reconnecting fast, its session kept 10 minutes. */
  static IngestNode.Config config(
      String jdbcUrl, String user, String password, String mqttUri, String clientId, String group) {
    MqttIngestConfig mqtt =
        MqttIngestConfig.of(mqttUri, clientId)
            .withShareGroup(group, Duration.ofMinutes(10))
            .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(2));
    return new IngestNode.Config(
        jdbcUrl,
        user,
        password,
        4,
        PSK_KEY,
        mqtt,
        null,
        null,
        IngestPipeline.Settings.DEFAULTS,
        WriterConfig.defaults(),
        Duration.ofMinutes(5));
  }

  /** As {@link #config}, plus CoAP (plain and DTLS) and HTTP on free loopback ports. */
  IngestNode.Config configAllTransports(Postgres db, MqttBroker broker) {
    IngestNode.Config c = config(db, broker);
    CoapIngestConfig coap =
        CoapIngestConfig.defaults()
            .withBindAddress(InetAddress.getLoopbackAddress())
            .withDtlsPort(0)
            .withPlain(0);
    return new IngestNode.Config(
        c.jdbcUrl(),
        c.dbUser(),
        c.dbPassword(),
        c.poolSize(),
        c.pskKey(),
        c.mqtt(),
        coap,
        HttpIngestServer.Config.plain("127.0.0.1", 0),
        c.pipeline(),
        c.writer(),
        c.recentKeysWindow());
  }

  /** Removes this harness's persistent session from the broker. */
  void discardSession(MqttBroker broker) throws Exception {
    MqttClient c = new MqttClient(broker.serverUri(), clientId, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setSessionExpiryInterval(0L);
    c.connect(o);
    c.disconnect();
    c.close();
  }

  /** A night of {@code rooms} rooms with a heartbeat every {@code heartbeat}, in a new facility. */
  static Plan night(int rooms, Duration heartbeat, LocalDate date) {
    Scenario s = Scenarios.bundled(Scenarios.NIGHT_40_BEDS);
    String facility = "it-" + UUID.randomUUID().toString().substring(0, 8);
    Scenario small =
        new Scenario(
            s.name(),
            facility,
            s.zone(),
            s.start(),
            s.duration(),
            rooms,
            s.exitDoors(),
            heartbeat,
            s.motionPerHour(),
            s.bathroomTripsPerNight(),
            11,
            rooms >= 40 ? s.incidents() : List.of());
    return Plan.of(small, date);
  }

  static void provision(JdbcProvisioning p, Plan plan) throws Exception {
    String facility = plan.devices().get(0).facility();
    p.upsertFacility(facility, "IT home " + facility, "文山市", "文山州", "Asia/Shanghai");
    for (SimulatedDevice d : plan.devices()) {
      p.upsertDevice(
          new Device(
              d.id(),
              d.facility(),
              d.kind().name().toLowerCase(Locale.ROOT),
              null,
              null,
              d.heartbeat()),
          null,
          null);
    }
  }

  /** Publishes the plan with QoS 1; returns how many events were sent. */
  static int publish(MqttBroker broker, Plan plan, Pacer pacer) throws InterruptedException {
    try (PahoMqttSink sink =
        PahoMqttSink.connect(broker.serverUri(), "pub-" + UUID.randomUUID(), Format.JSON)) {
      Simulator.Result r = Simulator.run(plan, sink, pacer);
      assertThat(r.failed()).isZero();
      return r.sent();
    }
  }

  static Set<String> keys(List<anxin.ingest.IngestedEvent> events) {
    Set<String> keys = new HashSet<>();
    events.forEach(e -> keys.add(e.event().dev() + "/" + e.event().seq()));
    return keys;
  }
}
