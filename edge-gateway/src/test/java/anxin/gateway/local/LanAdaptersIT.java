package anxin.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.gateway.Source;
import anxin.gateway.local.paho.LanBroker;
import anxin.gateway.local.paho.MqttAdapter;
import anxin.gateway.local.paho.Zigbee2MqttAdapter;
import anxin.gateway.zigbee.Z2mMapping;
import anxin.gateway.zigbee.Z2mState;
import anxin.gateway.zigbee.Z2mTranslator;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Reason;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.topic.Topics;
import anxin.testing.MqttBroker;
import anxin.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The local MQTT and Zigbee2MQTT adapters against a real broker playing the LAN's. */
@ExtendWith(TestServices.class)
class LanAdaptersIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final MqttBroker broker;
  private final String facility = "it-" + UUID.randomUUID().toString().substring(0, 12);
  private final EventCodec codec = new EventCodec();
  private final RecordingIntake intake = new RecordingIntake();
  private final AdapterCounters counters = new AdapterCounters();
  private MqttClient sensor;

  LanAdaptersIT(MqttBroker broker) {
    this.broker = broker;
  }

  @BeforeEach
  void connectSensor() throws Exception {
    sensor =
        new MqttClient(broker.serverUri(), "sensor-" + UUID.randomUUID(), new MemoryPersistence());
    sensor.connect(new MqttConnectionOptions());
  }

  @AfterEach
  void disconnectSensor() throws Exception {
    sensor.disconnect();
    sensor.close();
  }

  private void publish(String topic, byte[] payload) throws Exception {
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    sensor.publish(topic, m);
  }

  private void publish(String topic, String payload) throws Exception {
    publish(topic, payload.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void mqtt_validEventsStored_badOnesCountedByReason_andTheAdapterGoesOn() throws Exception {
    Admission admission = new Admission(facility, Set.of(), counters);
    try (MqttAdapter adapter =
        MqttAdapter.start(
            LanBroker.of(broker.serverUri()),
            "it-lan-" + UUID.randomUUID(),
            admission,
            intake,
            counters)) {
      await().atMost(WAIT).until(adapter::connected);
      await().atMost(WAIT).until(() -> probe(facility, 0));

      publish(Topics.event(facility, "pb-1"), new byte[] {(byte) 0xff, 0x01}); // malformed
      publish(
          Topics.event(facility, "pb-1"),
          "{\"v\":2,\"dev\":\"pb-1\",\"seq\":1,\"type\":\"panic\"}");
      publish(
          Topics.event(facility, "pb-1"), codec.encodeJson(Event.of("pb-2", 1, EventType.PANIC)));
      publish(Topics.event(facility, "pb-1"), new byte[70_000]); // too large
      Event panic = Event.of("pb-1", 5, EventType.PANIC);
      publish(Topics.event(facility, "pb-1"), codec.encodeCbor(panic));
      Event batched = Event.of("door-1", 8, EventType.DOOR_OPEN);
      publish(Topics.batch(facility), codec.encodeJson(java.util.List.of(batched)));
      Event door = Event.of("door-1", 9, EventType.DOOR_OPEN);
      publish(Topics.event(facility, "door-1"), codec.encodeJson(door));

      await().atMost(WAIT).until(() -> intake.events().contains(door));
      assertThat(intake.events()).doesNotContain(batched); // gateways' topic: not from sensors
      assertThat(counters.ignoredCount(Source.MQTT)).isEqualTo(1);
      assertThat(intake.events())
          .contains(panic)
          .doesNotContain(Event.of("pb-2", 1, EventType.PANIC));
      assertThat(counters.rejectedCount(Source.MQTT, Reason.MALFORMED)).isEqualTo(1);
      assertThat(counters.rejectedCount(Source.MQTT, Reason.UNSUPPORTED_VERSION)).isEqualTo(1);
      assertThat(counters.rejectedCount(Source.MQTT, Reason.UNAUTHORIZED)).isEqualTo(1);
      assertThat(counters.rejectedCount(Source.MQTT, Reason.TOO_LARGE)).isEqualTo(1);
      assertThat(counters.errorCount(Source.MQTT)).isZero();
    }
  }

  @Test
  void mqtt_journalFailing_messageNotAcknowledged_redeliveredWhenItWorksAgain() throws Exception {
    Admission admission = new Admission(facility, Set.of(), counters);
    try (MqttAdapter adapter =
        MqttAdapter.start(
            LanBroker.of(broker.serverUri()),
            "it-lan-" + UUID.randomUUID(),
            admission,
            intake,
            counters)) {
      await().atMost(WAIT).until(adapter::connected);
      await().atMost(WAIT).until(() -> probe(facility, 0));
      intake.failing(true);

      Event fall = Event.of("fd-1", 3, EventType.FALL);
      publish(Topics.event(facility, "fd-1"), codec.encodeJson(fall));
      await().atMost(WAIT).until(() -> counters.errorCount(Source.MQTT) >= 1);
      intake.failing(false);

      // Paho dropped the connection without PUBACK; it reconnects and the broker redelivers
      await().atMost(WAIT).until(() -> intake.events().contains(fall));
    }
  }

  @Test
  void z2m_aqaraFixtures_becomeEvents_bridgeIgnored_unmappedCounted(@TempDir Path dir)
      throws Exception {
    String base = "z2m-" + UUID.randomUUID().toString().substring(0, 8);
    Z2mMapping mapping =
        Z2mMapping.parse(
            """
            {"baseTopic": "%s", "devices": [
              {"friendly_name": "room 3/door", "device": "door-3", "kind": "door", "door": "main"},
              {"friendly_name": "room 3/button", "device": "pb-3", "kind": "button"}]}
            """
                .formatted(base));
    Z2mState state = Z2mState.open(dir.resolve("z2m-state.json"));
    Admission admission = new Admission(facility, Set.of(), counters);
    Clock clock = Clock.fixed(Instant.parse("2026-01-10T23:00:00Z"), ZoneOffset.UTC);
    try (Zigbee2MqttAdapter adapter =
        Zigbee2MqttAdapter.start(
            LanBroker.of(broker.serverUri()),
            "it-z2m-" + UUID.randomUUID(),
            new Z2mTranslator(mapping, state),
            state,
            admission,
            intake,
            counters,
            clock)) {
      await().atMost(WAIT).until(adapter::connected);
      await()
          .atMost(WAIT)
          .until(
              () -> {
                publish(base + "/bridge/state", "{\"state\":\"online\"}");
                return counters.ignoredCount(Source.ZIGBEE2MQTT) > 0;
              });

      publish(
          base + "/room 3/door",
          "{\"battery\":100,\"contact\":false,\"linkquality\":120,\"voltage\":3025}");
      publish(
          base + "/room 3/door",
          "{\"battery\":100,\"contact\":false,\"linkquality\":117,\"voltage\":3025}");
      publish(base + "/room 3/button", "{\"action\":\"single\",\"battery\":91,\"linkquality\":87}");
      publish(base + "/kitchen lamp", "{\"state\":\"ON\",\"brightness\":254}");
      publish(base + "/room 3/door", "not json");
      publish(base + "/room 3/door", "{\"battery\":100,\"contact\":true,\"linkquality\":120}");

      await().atMost(WAIT).until(() -> intake.events().size() >= 3);
      await().atMost(WAIT).until(() -> counters.rejectedCount(Source.ZIGBEE2MQTT) >= 2);
      assertThat(intake.events())
          .extracting(Event::dev, Event::type)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("door-3", EventType.DOOR_OPEN),
              org.assertj.core.groups.Tuple.tuple("pb-3", EventType.PANIC),
              org.assertj.core.groups.Tuple.tuple("door-3", EventType.DOOR_CLOSE));
      assertThat(intake.events().get(2).seq()).isEqualTo(intake.events().get(0).seq() + 1);
      assertThat(counters.rejectedCount(Source.ZIGBEE2MQTT, Reason.UNKNOWN_DEVICE)).isEqualTo(1);
      assertThat(counters.rejectedCount(Source.ZIGBEE2MQTT, Reason.MALFORMED)).isEqualTo(1);
    }
  }

  /**
   * Publishes a heartbeat of a probe device and says whether it has arrived: the subscription is
   * granted once the adapter sees it. Each call uses a fresh seq.
   */
  private int probeSeq;

  private boolean probe(String facility, int unused) throws Exception {
    Event e = Event.of("probe", probeSeq++, EventType.HEARTBEAT);
    publish(Topics.event(facility, "probe"), codec.encodeJson(e));
    return intake.events().stream().anyMatch(x -> x.dev().equals("probe"));
  }
}
