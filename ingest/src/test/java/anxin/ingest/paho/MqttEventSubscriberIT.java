package anxin.ingest.paho;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.ingest.CommitWatermark;
import anxin.ingest.Device;
import anxin.ingest.EventWriter;
import anxin.ingest.IngestedEvent;
import anxin.ingest.pipeline.IngestMetrics;
import anxin.ingest.pipeline.IngestPipeline;
import anxin.ingest.registry.InMemoryDeviceRegistry;
import anxin.protocol.Format;
import anxin.protocol.sim.Pacer;
import anxin.protocol.sim.Plan;
import anxin.protocol.sim.Scenario;
import anxin.protocol.sim.Scenarios;
import anxin.protocol.sim.SimulatedDevice;
import anxin.protocol.sim.Simulator;
import anxin.protocol.sim.paho.PahoMqttSink;
import anxin.testing.MqttBroker;
import anxin.testing.TestServices;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The MQTT transport against a real broker: persistent session, shared subscription, manual
 * acknowledgements only once events are durable.
 */
@ExtendWith(TestServices.class)
class MqttEventSubscriberIT {

  /**
   * A writer that commits at once, or holds every write until told; in order, as a real one does (a
   * write committed commits every one before it).
   */
  static final class GatedWriter implements EventWriter {
    final List<IngestedEvent> committed = new CopyOnWriteArrayList<>();
    private final CommitWatermark watermark = new CommitWatermark();
    private long written; // guarded by this
    private int held; // guarded by this
    volatile boolean open;

    GatedWriter(boolean open) {
      this.open = open;
    }

    @Override
    public long write(IngestedEvent e) {
      long number;
      boolean now = open;
      synchronized (this) {
        number = ++written;
        held = now ? 0 : held + 1;
      }
      if (now) {
        committed.add(e);
        watermark.advance(number);
      }
      return number;
    }

    /** Commits every write so far, the held ones too. */
    void release() {
      long upTo;
      synchronized (this) {
        upTo = written;
        held = 0;
      }
      watermark.advance(upTo);
    }

    @Override
    public void whenCommitted(long upTo, Consumer<Throwable> then) {
      watermark.whenCommitted(upTo, then);
    }

    @Override
    public synchronized int backlog() {
      return held;
    }

    @Override
    public void close() {}
  }

  private final String group = "it-" + UUID.randomUUID().toString().substring(0, 8);
  private final String clientId = "ingest-" + group;
  private final List<MqttEventSubscriber> subscribers = new ArrayList<>();
  private MqttBroker broker;

  private MqttEventSubscriber subscriber(
      MqttBroker broker,
      InMemoryDeviceRegistry registry,
      EventWriter writer,
      List<IngestedEvent> handoff,
      int receiveMax)
      throws Exception {
    this.broker = broker;
    MqttIngestConfig config =
        MqttIngestConfig.of(broker.serverUri(), clientId)
            .withShareGroup(group, Duration.ofMinutes(5))
            .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(2))
            .withReceiveMaximum(receiveMax);
    IngestPipeline pipeline =
        new IngestPipeline(
            registry, writer, handoff::add, IngestMetrics.NOOP, IngestPipeline.Settings.DEFAULTS);
    MqttEventSubscriber s = new MqttEventSubscriber(config, pipeline, Clock.systemUTC());
    subscribers.add(s);
    s.start();
    await().atMost(Duration.ofSeconds(30)).until(s::isConnected);
    return s;
  }

  @AfterEach
  void discardSession() throws Exception {
    subscribers.forEach(MqttEventSubscriber::close);
    if (broker != null) { // a clean start with expiry 0 removes the persistent session
      MqttClient c = new MqttClient(broker.serverUri(), clientId, new MemoryPersistence());
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setCleanStart(true);
      o.setSessionExpiryInterval(0L);
      c.connect(o);
      c.disconnect();
      c.close();
    }
  }

  private static Scenario smallNight() {
    Scenario s = Scenarios.bundled(Scenarios.NIGHT_40_BEDS);
    String facility = "it-" + UUID.randomUUID().toString().substring(0, 8);
    return new Scenario(
        s.name(),
        facility,
        s.zone(),
        s.start(),
        s.duration(),
        10,
        s.exitDoors(),
        Duration.ofMinutes(30),
        s.motionPerHour(),
        s.bathroomTripsPerNight(),
        7,
        List.of());
  }

  private static InMemoryDeviceRegistry registryFor(Plan plan) {
    InMemoryDeviceRegistry r = new InMemoryDeviceRegistry();
    for (SimulatedDevice d : plan.devices()) {
      r.put(
          new Device(
              d.id(), d.facility(), d.kind().name().toLowerCase(), null, null, d.heartbeat()));
    }
    return r;
  }

  private static int publish(MqttBroker broker, Plan plan) throws InterruptedException {
    try (PahoMqttSink sink =
        PahoMqttSink.connect(broker.serverUri(), "pub-" + UUID.randomUUID(), Format.JSON)) {
      Simulator.Result r = Simulator.run(plan, sink, Pacer.virtual());
      assertThat(r.failed()).isZero();
      return r.sent();
    }
  }

  private static Set<String> keys(List<IngestedEvent> events) {
    Set<String> keys = new HashSet<>();
    events.forEach(e -> keys.add(e.event().dev() + "/" + e.event().seq()));
    return keys;
  }

  @Test
  void events_allTakenOnceAndAcknowledged_nothingRedeliveredToTheNextSession(MqttBroker broker)
      throws Exception {
    Scenario night = smallNight();
    Plan plan = Plan.of(night, LocalDate.of(2026, 11, 28));
    InMemoryDeviceRegistry registry = registryFor(plan);
    GatedWriter writer = new GatedWriter(true);
    List<IngestedEvent> handoff = new CopyOnWriteArrayList<>();
    MqttEventSubscriber first = subscriber(broker, registry, writer, handoff, 10_000);

    int sent = publish(broker, plan);
    await().atMost(Duration.ofSeconds(60)).until(() -> writer.committed.size() >= sent);
    await().atMost(Duration.ofSeconds(10)).until(() -> first.unacknowledged() == 0);
    first.close();

    GatedWriter next = new GatedWriter(true);
    subscriber(broker, registry, next, new CopyOnWriteArrayList<>(), 10_000);
    Plan sentinel =
        Plan.of(night, LocalDate.of(2026, 11, 29))
            .window(
                Plan.of(night, LocalDate.of(2026, 11, 29)).start(),
                Plan.of(night, LocalDate.of(2026, 11, 29)).start().plusSeconds(600));
    int more = publish(broker, sentinel);
    await().atMost(Duration.ofSeconds(30)).until(() -> next.committed.size() >= more);

    assertThat(writer.committed).hasSize(sent);
    assertThat(keys(writer.committed)).hasSize(sent);
    assertThat(handoff).hasSize(sent);
    assertThat(next.committed)
        .as("only the new events: everything before was acknowledged")
        .hasSize(more);
  }

  @Test
  void writesHeld_handoffContinues_unacknowledgedAreRedeliveredToTheNextSession(MqttBroker broker)
      throws Exception {
    Plan plan = Plan.of(smallNight(), LocalDate.of(2026, 11, 28));
    InMemoryDeviceRegistry registry = registryFor(plan);
    GatedWriter stuck = new GatedWriter(false);
    List<IngestedEvent> handoff = new CopyOnWriteArrayList<>();
    MqttEventSubscriber first = subscriber(broker, registry, stuck, handoff, 10_000);

    int sent = publish(broker, plan);
    // Mosquitto sends up to the Receive Maximum unacknowledged, so alerting gets all of them;
    // HiveMQ CE 2025.5 was seen to send one at a time (docs/ingest.md). Either way, everything
    // alerting got is held unacknowledged.
    await("alerting gets events while the database is stuck")
        .atMost(Duration.ofSeconds(60))
        .during(Duration.ofMillis(500))
        .until(() -> handoff.size() > 0 && handoff.size() == first.unacknowledged());
    if (!"embedded".equals(broker.origin())) {
      assertThat(handoff).hasSize(sent);
    }
    first.close(); // as if the process died: nothing was acknowledged

    GatedWriter healthy = new GatedWriter(true);
    subscriber(broker, registry, healthy, new CopyOnWriteArrayList<>(), 10_000);
    await("the broker redelivers every unacknowledged message")
        .atMost(Duration.ofSeconds(60))
        .until(() -> healthy.committed.size() >= sent);

    assertThat(healthy.committed).hasSize(sent);
    assertThat(keys(healthy.committed)).hasSize(sent).containsAll(keys(handoff));
  }

  @Test
  void writesHeld_brokerStopsAtReceiveMaximum_soMemoryStaysBounded(MqttBroker broker)
      throws Exception {
    Plan plan = Plan.of(smallNight(), LocalDate.of(2026, 11, 28));
    GatedWriter stuck = new GatedWriter(false);
    List<IngestedEvent> handoff = new CopyOnWriteArrayList<>();
    MqttEventSubscriber s = subscriber(broker, registryFor(plan), stuck, handoff, 50);

    int sent = publish(broker, plan);

    assertThat(sent).isGreaterThan(100);
    await()
        .atMost(Duration.ofSeconds(30))
        .during(Duration.ofSeconds(1))
        .until(() -> s.unacknowledged() > 0 && s.unacknowledged() == handoff.size());
    assertThat(s.unacknowledged()).isLessThanOrEqualTo(50);
    if (!"embedded".equals(broker.origin())) {
      assertThat(s.unacknowledged()).isEqualTo(50); // Mosquitto fills the window exactly
    }
  }

  @Test
  void aPanicPublishedBehindAFlood_goesAheadOfTheTelemetryWaiting(MqttBroker broker)
      throws Exception {
    String facility = "it-" + UUID.randomUUID().toString().substring(0, 8);
    String batchTopic = "anxin/v1/" + facility + "/_batch/event";
    String panicTopic = "anxin/v1/" + facility + "/pendant-1/event";
    List<String> taken = new CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    anxin.ingest.Ingest held =
        submission -> {
          taken.add(((anxin.ingest.Sender.OnTopic) submission.sender()).topic().toString());
          try { // the pipeline is stuck on the first message, as under a flood
            release.await(60, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return CompletableFuture.completedFuture(new anxin.ingest.Receipt(List.of()));
        };
    this.broker = broker;
    MqttEventSubscriber s =
        new MqttEventSubscriber(
            MqttIngestConfig.of(broker.serverUri(), clientId)
                .withShareGroup(group, Duration.ofMinutes(5))
                .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(2)),
            held,
            Clock.systemUTC());
    subscribers.add(s);
    s.start();
    await().atMost(Duration.ofSeconds(30)).until(s::isSubscribed);

    MqttClient pub = new MqttClient(broker.serverUri(), "pub-" + group, new MemoryPersistence());
    try {
      pub.connect();
      byte[] heartbeat =
          "{\"v\":1,\"dev\":\"motion-1\",\"seq\":1,\"type\":\"heartbeat\"}"
              .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      // First a gateway's batch, which the intake's worker takes (a single small event may run on
      // Paho's thread itself when nothing waits; it would hold that thread instead): while the
      // pipeline is stuck on it, Paho's thread files what follows.
      StringBuilder batch = new StringBuilder("[");
      for (int i = 0; i < 40; i++) {
        batch.append(i == 0 ? "" : ",").append(new String(heartbeat, UTF_8));
      }
      publish(pub, batchTopic, batch.append("]").toString().getBytes(UTF_8));
      for (int i = 1; i < 300; i++) {
        publish(pub, batchTopic, heartbeat);
      }
      publish(
          pub,
          panicTopic,
          "{\"v\":1,\"dev\":\"pendant-1\",\"seq\":1,\"type\":\"panic\"}"
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } finally {
      leave(pub);
    }
    if ("embedded".equals(broker.origin())) {
      // HiveMQ CE sends one unacknowledged message at a time (see the test above): nothing can
      // queue behind the stuck pipeline, so there is no flood to go ahead of here.
      release.countDown();
      await().atMost(Duration.ofSeconds(60)).until(() -> taken.size() == 301);
      return;
    }
    // Paho's thread kept reading while the pipeline was stuck: the flood waits in the lanes
    await().atMost(Duration.ofSeconds(30)).until(() -> s.waiting() == 300);
    release.countDown();
    await().atMost(Duration.ofSeconds(30)).until(() -> taken.size() == 301);

    assertThat(taken.get(0)).isEqualTo(batchTopic); // the one the pipeline was stuck on
    assertThat(taken.get(1)).isEqualTo(panicTopic);
    assertThat(taken.subList(2, 301)).containsOnly(batchTopic);
    assertThat(s.prioritized()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> s.unacknowledged() == 0);
  }

  @Test
  void aPanicQueuedAtTheBrokerBehindAFullWindow_reachesAlertingByTheAlarmWatch(MqttBroker broker)
      throws Exception {
    String facility = "it-" + UUID.randomUUID().toString().substring(0, 8);
    InMemoryDeviceRegistry registry =
        new InMemoryDeviceRegistry()
            .put(
                new Device(
                    "motion-1", facility, "motion_sensor", "1", "r-1", Duration.ofMinutes(5)))
            .put(
                new Device(
                    "pendant-1", facility, "panic_button", "1", "r-1", Duration.ofMinutes(5)));
    GatedWriter stuck = new GatedWriter(false); // the database takes nothing: no acknowledgement
    List<IngestedEvent> handoff = new CopyOnWriteArrayList<>();
    MqttEventSubscriber s = subscriber(broker, registry, stuck, handoff, 5);
    await().atMost(Duration.ofSeconds(30)).until(() -> s.isSubscribed() && s.isWatching());

    MqttClient pub = new MqttClient(broker.serverUri(), "pub-" + group, new MemoryPersistence());
    try {
      pub.connect();
      for (int seq = 1; seq <= 100; seq++) {
        publish(
            pub,
            "anxin/v1/" + facility + "/motion-1/event",
            ("{\"v\":1,\"dev\":\"motion-1\",\"seq\":" + seq + ",\"type\":\"heartbeat\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      // The session's window (5) is full of heartbeats nobody can store: the broker queues the
      // other 95 and this panic behind them.
      publish(
          pub,
          "anxin/v1/" + facility + "/pendant-1/event",
          "{\"v\":1,\"dev\":\"pendant-1\",\"seq\":1,\"type\":\"panic\"}"
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } finally {
      leave(pub);
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> handoff.stream().anyMatch(e -> e.event().dev().equals("pendant-1")));
    assertThat(s.takenEarly()).isEqualTo(1);
    assertThat(s.unacknowledged()).isLessThanOrEqualTo(5);
    assertThat(handoff.stream().filter(e -> e.event().dev().equals("motion-1")).count())
        .isLessThanOrEqualTo(5); // so the panic did not come through the session's queue

    stuck.open = true; // the database is back: everything comes through the session, once
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> { // a write that saw the gate shut just before it opened is committed too
              stuck.release();
              return handoff.size() == 101 && s.unacknowledged() == 0;
            });
    assertThat(handoff.stream().filter(e -> e.event().dev().equals("pendant-1"))).hasSize(1);
    assertThat(stuck.committed.stream().filter(e -> e.event().dev().equals("pendant-1")))
        .isEmpty(); // its one write was the early copy's, held and then completed above
  }

  /**
   * Publishes at QoS 1 and waits for the broker's acknowledgement. Paho's synchronous publish can
   * refuse with "Too many publishes in progress" (32202) although each earlier one was acknowledged
   * (seen in CI and locally, on the commit before this one too): the in-flight count lags the
   * acknowledgements. Nothing was sent then, so it is tried again until accepted (10 s at most).
   */
  private static void publish(MqttClient pub, String topic, byte[] payload) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(10))
        .ignoreExceptionsMatching(
            e ->
                e instanceof MqttException m
                    && m.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT)
        .until(
            () -> {
              pub.publish(topic, payload, 1, false);
              return true;
            });
  }

  /**
   * Disconnects a publisher whose messages were all acknowledged (synchronous QoS 1 publishes),
   * then closes it. How it leaves is not under test: a clean disconnect that fails (seen once in
   * CI, masked by close()'s "Client is connected") falls back to a forcible one.
   */
  private static void leave(MqttClient pub) throws MqttException {
    if (pub.isConnected()) {
      try {
        pub.disconnect();
      } catch (MqttException e) {
        pub.disconnectForcibly();
      }
    }
    pub.close();
  }
}
