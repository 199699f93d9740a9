package anxin.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.gateway.journal.JournalConfig;
import anxin.gateway.journal.SegmentedJournal;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.topic.Topics;
import anxin.testing.MqttBroker;
import anxin.testing.MqttRecorder;
import anxin.testing.TestServices;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The uplink against a real broker: delivery, order, status and Last Will. */
@ExtendWith(TestServices.class)
class UplinkIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final MqttBroker broker;
  private final String facility = Traffic.facility();
  @TempDir Path dir;
  private SegmentedJournal journal;
  private UplinkConfig config;

  UplinkIT(MqttBroker broker) {
    this.broker = broker;
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (journal != null) {
      journal.close();
    }
    if (config != null) {
      Traffic.cleanUp(broker, config);
    }
  }

  private UplinkConfig.Builder config(String uri) {
    return UplinkConfig.builder(uri, facility, "gw-1")
        .clientId("it-uplink-" + UUID.randomUUID())
        .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
        .version("it");
  }

  @Test
  void backlog_arrivesAsBatches_eachEventOnce_alarmsFirst_perDeviceOrder() throws Exception {
    journal = SegmentedJournal.open(dir, JournalConfig.DEFAULT);
    List<Event> sent = Traffic.night(3_000);
    journal.appendAll(sent);
    config = config(broker.serverUri()).maxBatchEvents(200).build();

    try (MqttRecorder batches = MqttRecorder.subscribe(broker, config.batchTopic());
        Uplink uplink = Uplink.start(config, journal)) {
      await().atMost(WAIT).until(() -> Traffic.decoded(batches).size() >= sent.size());
      await().atMost(WAIT).until(() -> journal.size() == 0);

      List<Event> received = Traffic.decoded(batches);
      Traffic.assertDelivered(sent, received);
      assertThat(received).hasSameSizeAs(sent); // no fault, no resend
      assertThat(batches.count()).isBetween(15, 16); // 3,000 / 200, the alarms riding in the first
      assertThat(uplink.stats().eventsAcked()).isEqualTo(3_000);
    }
  }

  @Test
  void batchesNobodyIsSubscribedFor_stayInTheJournal_untilTheyAreHeard() throws Exception {
    journal = SegmentedJournal.open(dir, JournalConfig.DEFAULT);
    List<Event> sent = Traffic.night(300);
    journal.appendAll(sent);
    config = config(broker.serverUri()).maxBatchEvents(100).build();

    // As after a Mosquitto restart, before the platform has subscribed again: the broker
    // acknowledges with 0x10 (no matching subscribers) and drops the message.
    try (Uplink uplink = Uplink.start(config, journal)) {
      await().atMost(WAIT).until(() -> uplink.stats().unheard() >= 2);
      assertThat(journal.size()).isEqualTo(sent.size());
      assertThat(uplink.stats().eventsAcked()).isZero();

      try (MqttRecorder batches = MqttRecorder.subscribe(broker, config.batchTopic())) {
        await().atMost(WAIT).until(() -> journal.size() == 0);
        // every event, not the order: a batch may be unheard while the next one is heard
        await()
            .atMost(WAIT)
            .until(() -> Traffic.keys(Traffic.decoded(batches)).equals(Traffic.keys(sent)));
      }
    }
  }

  @Test
  void wake_whileBackingOff_doesNotCutTheReconnectDelayShort() throws Exception {
    journal = SegmentedJournal.open(dir, JournalConfig.DEFAULT);
    try (ServerSocket closing = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicInteger attempts = new AtomicInteger();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    closing.accept().close(); // not MQTT: every connection attempt fails
                    attempts.incrementAndGet();
                  }
                } catch (IOException e) {
                  // closed
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      UplinkConfig c =
          config("tcp://127.0.0.1:" + closing.getLocalPort())
              .backoff(Duration.ofSeconds(30), Duration.ofSeconds(60))
              .connectTimeout(Duration.ofSeconds(1))
              .build();

      try (Uplink uplink = Uplink.start(c, journal)) {
        await().atMost(WAIT).until(() -> attempts.get() == 1);
        for (Event e : Traffic.night(500)) {
          journal.appendAll(List.of(e)); // as the adapters do during an outage
          uplink.wake();
        }
        await()
            .during(Duration.ofSeconds(2))
            .atMost(Duration.ofSeconds(5))
            .until(() -> attempts.get() == 1);
      }
    }
  }

  @Test
  void wakeForAlarm_whileBackingOff_retriesSoon_butNotInALoop() throws Exception {
    journal = SegmentedJournal.open(dir, JournalConfig.DEFAULT);
    try (ServerSocket closing = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicInteger attempts = new AtomicInteger();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    closing.accept().close(); // not MQTT: every connection attempt fails
                    attempts.incrementAndGet();
                  }
                } catch (IOException e) {
                  // closed
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      UplinkConfig c =
          config("tcp://127.0.0.1:" + closing.getLocalPort())
              .backoff(Duration.ofMillis(300), Duration.ofSeconds(60))
              .connectTimeout(Duration.ofSeconds(1))
              .build();

      try (Uplink uplink = Uplink.start(c, journal)) {
        // Doubling from 300 ms: after 6 failures the next delay is 9.6 s or more (jitter halves).
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts.get() >= 6);
        int before = attempts.get();
        journal.appendAll(List.of(Traffic.night(1).get(0)));
        uplink.wakeForAlarm();
        await()
            .atMost(Duration.ofSeconds(3))
            .alias("an alarm shortens the backoff")
            .until(() -> attempts.get() > before);
        int after = attempts.get();
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < end) {
          uplink.wakeForAlarm(); // many alarms: still at most one attempt per 300 ms
          Thread.onSpinWait();
        }
        assertThat(attempts.get() - after).isLessThanOrEqualTo(9); // 2 s / 300 ms, plus slack
      }
    }
  }

  @Test
  void status_online_isRetainedWithQueued_andHeartbeatUpdatesIt() throws Exception {
    journal = SegmentedJournal.open(dir, JournalConfig.DEFAULT);
    config = config(broker.serverUri()).heartbeat(Duration.ofMillis(200)).build();

    // the platform, listening: batches nobody is subscribed for stay in the journal
    try (MqttRecorder batches = MqttRecorder.subscribe(broker, config.batchTopic());
        Uplink uplink = Uplink.start(config, journal)) {
      await().atMost(WAIT).until(() -> uplink.state() == Uplink.State.ONLINE);
      journal.appendAll(Traffic.night(50));
      uplink.wake();
      await().atMost(WAIT).until(() -> journal.size() == 0);

      // a subscriber that comes later gets the retained status: online, and the journal empty
      await()
          .atMost(WAIT)
          .until(
              () ->
                  retainedStatus()
                      .equals("{\"state\":\"online\",\"ver\":\"it\",\"queued\":0,\"evicted\":0}"));
    }
    assertThat(retainedStatus()).isEqualTo("{\"state\":\"offline\"}"); // graceful close says so
  }

  @Test
  void liveEvent_linkUp_leavesAtOnceWithoutFillingABatch() throws Exception {
    journal = SegmentedJournal.open(dir, JournalConfig.DEFAULT);
    config = config(broker.serverUri()).idlePoll(Duration.ofSeconds(10)).build();

    try (MqttRecorder batches = MqttRecorder.subscribe(broker, config.batchTopic());
        Uplink uplink = Uplink.start(config, journal)) {
      await().atMost(WAIT).until(() -> uplink.state() == Uplink.State.ONLINE);
      long start = System.nanoTime();
      journal.append(Event.of("pb-101", 1, EventType.PANIC));
      uplink.wake(); // idlePoll is 10 s: only wake() can make it this fast

      await().atMost(Duration.ofSeconds(5)).until(() -> batches.count() == 1);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(millis).as("append to arrival, ms").isLessThan(2_000);
      assertThat(Traffic.decoded(batches)).extracting(Event::dev).containsExactly("pb-101");
    }
  }

  @Test
  void freshAlarm_duringBacklogFlush_overtakesRemainingTelemetry() throws Exception {
    journal = SegmentedJournal.open(dir, JournalConfig.DEFAULT);
    List<Event> backlog = Traffic.night(5_000).stream().filter(e -> !e.type().isAlarm()).toList();
    journal.appendAll(backlog);
    int window = 4;
    int perBatch = 100;

    try (TcpProxy proxy = new TcpProxy(broker.host(), broker.port());
        MqttRecorder batches = MqttRecorder.subscribe(broker, facilityBatchTopic())) {
      proxy.pause(); // the first batches wait in buffers: the window fills, nothing is acked
      config = config(proxy.uri()).maxBatchEvents(perBatch).window(window).build();
      try (Uplink uplink = Uplink.start(config, journal)) {
        await().atMost(WAIT).until(() -> proxy.accepted() == 1);
        Event panic = Event.of("pb-fresh", 42, EventType.PANIC);
        journal.append(panic);
        uplink.wake();
        proxy.resume();

        await().atMost(WAIT).until(() -> Traffic.decoded(batches).size() >= backlog.size() + 1);
        List<Event> received = Traffic.decoded(batches);
        int at = received.indexOf(panic);
        // at most the window's batches (published before the panic existed) went ahead of it
        assertThat(at).isBetween(0, window * perBatch);
        assertThat(received.size() - at - 1)
            .isGreaterThanOrEqualTo(backlog.size() - window * perBatch);
        Traffic.assertPerDeviceOrder(Traffic.firstArrivals(received));
        assertThat(Traffic.keys(received)).hasSize(backlog.size() + 1);
      }
    }
  }

  @Test
  void abruptLoss_leavesLastWillOfflineRetained_thenOnlineAfterReconnect() throws Exception {
    journal = SegmentedJournal.open(dir, JournalConfig.DEFAULT);

    try (TcpProxy proxy = new TcpProxy(broker.host(), broker.port())) {
      config = config(proxy.uri()).build();
      try (MqttRecorder status = MqttRecorder.subscribe(broker, config.statusTopic());
          MqttRecorder batches = MqttRecorder.subscribe(broker, config.batchTopic());
          Uplink uplink = Uplink.start(config, journal)) {
        await().atMost(WAIT).until(() -> lastPayload(status).startsWith("{\"state\":\"online\""));

        proxy.cut(); // no DISCONNECT: the broker sees the socket die and publishes the Will

        await().atMost(WAIT).until(() -> lastPayload(status).equals("{\"state\":\"offline\"}"));
        assertThat(retainedStatus()).isEqualTo("{\"state\":\"offline\"}");
        await().atMost(WAIT).until(() -> uplink.state() == Uplink.State.CONNECTING);

        journal.append(Event.of("pb-7", 3, EventType.FALL)); // while the broker is unreachable
        proxy.restore();

        await().atMost(WAIT).until(() -> lastPayload(status).startsWith("{\"state\":\"online\""));
        await().atMost(WAIT).until(() -> journal.size() == 0);
        assertThat(uplink.stats().linksLost()).isEqualTo(1);
        assertThat(uplink.stats().connects()).isEqualTo(2);
      }
    }
  }

  private String facilityBatchTopic() {
    return Topics.batch(facility);
  }

  private static String lastPayload(MqttRecorder r) {
    List<MqttRecorder.Received> all = r.received();
    return all.isEmpty()
        ? ""
        : new String(all.get(all.size() - 1).payload(), StandardCharsets.UTF_8);
  }

  /** What a new subscriber gets as the retained status, waiting for it to arrive. */
  private String retainedStatus() throws Exception {
    try (MqttRecorder r = MqttRecorder.subscribe(broker, config.statusTopic())) {
      await().atMost(WAIT).until(() -> r.count() > 0);
      MqttRecorder.Received first = r.received().get(0);
      assertThat(first.retained()).isTrue();
      return new String(first.payload(), StandardCharsets.UTF_8);
    }
  }
}
