package anxin.protocol.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.protocol.Event;
import anxin.protocol.Format;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.sim.paho.PahoMqttSink;
import anxin.protocol.topic.Topic;
import anxin.protocol.topic.Topics;
import anxin.testing.MqttBroker;
import anxin.testing.MqttRecorder;
import anxin.testing.TestServices;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Publishes a simulated night to a real broker with Paho and reads it back through a subscriber:
 * every event arrives byte-exact, decodes to what was sent, on its device's topic, in order per
 * device.
 */
@ExtendWith(TestServices.class)
class SimulatedNightOverMqttIT {

  private static final LocalDate NIGHT = LocalDate.of(2026, 11, 28);

  /** Tees what the simulator sends into a list before publishing it. */
  private static final class TeeSink implements EventSink {
    final List<RecordingSink.Sent> sent = new ArrayList<>();
    final EventSink next;

    TeeSink(EventSink next) {
      this.next = next;
    }

    @Override
    public void send(SimulatedDevice device, Event event) {
      next.send(device, event);
      sent.add(new RecordingSink.Sent(device.facility(), event));
    }

    @Override
    public void close() {
      next.close();
    }
  }

  @Test
  void night40Beds_json_arrivesByteExactAndInOrderPerDevice(MqttBroker broker) throws Exception {
    Scenario base = Scenarios.bundled(Scenarios.NIGHT_40_BEDS);
    // Fewer heartbeats keep the run short on a loaded machine; every incident stays.
    Scenario night =
        withHeartbeat(base.forFacility(uniqueFacility(), base.seed()), Duration.ofMinutes(15));

    publishAndVerify(broker, night, Format.JSON);
  }

  @Test
  void smallNight_cbor_arrivesByteExactAndInOrderPerDevice(MqttBroker broker) throws Exception {
    Scenario base = Scenarios.bundled(Scenarios.NIGHT_40_BEDS);
    Scenario night = withHeartbeat(base.forFacility(uniqueFacility(), 99), Duration.ofMinutes(30));

    publishAndVerify(broker, night, Format.CBOR);
  }

  private static void publishAndVerify(MqttBroker broker, Scenario night, Format format)
      throws Exception {
    TeeSink tee;
    List<MqttRecorder.Received> received;
    try (MqttRecorder recorder =
        MqttRecorder.subscribe(broker, Topics.PREFIX + night.facility() + "/+/event")) {
      tee =
          new TeeSink(
              PahoMqttSink.connect(broker.serverUri(), "it-sim-" + UUID.randomUUID(), format));
      try (tee) {
        Simulator.Result result = Simulator.run(Plan.of(night, NIGHT), tee, Pacer.virtual());
        assertThat(result.failed()).isZero();
      }
      await("all " + tee.sent.size() + " events received")
          .atMost(Duration.ofSeconds(60))
          .until(() -> recorder.count() >= tee.sent.size());
      received = recorder.received();
    }

    EventCodec codec = new EventCodec();
    assertThat(received).hasSize(tee.sent.size());
    Map<String, List<byte[]>> expectedByDevice = new LinkedHashMap<>();
    for (RecordingSink.Sent s : tee.sent) {
      expectedByDevice
          .computeIfAbsent(s.event().dev(), d -> new ArrayList<>())
          .add(codec.encode(s.event(), format));
    }
    Map<String, List<Event>> sentByDevice = new LinkedHashMap<>();
    tee.sent.forEach(
        s -> sentByDevice.computeIfAbsent(s.event().dev(), d -> new ArrayList<>()).add(s.event()));

    Map<String, List<byte[]>> receivedByDevice = new LinkedHashMap<>();
    Map<String, List<Event>> decodedByDevice = new LinkedHashMap<>();
    for (MqttRecorder.Received r : received) {
      Topic.EventTopic topic = (Topic.EventTopic) Topics.parse(r.topic());
      receivedByDevice.computeIfAbsent(topic.device(), d -> new ArrayList<>()).add(r.payload());
      List<Event> decoded = codec.decode(r.payload()).events();
      assertThat(decoded).hasSize(1);
      assertThat(decoded.get(0).dev()).isEqualTo(topic.device());
      decodedByDevice.computeIfAbsent(topic.device(), d -> new ArrayList<>()).add(decoded.get(0));
    }
    assertThat(receivedByDevice.keySet()).isEqualTo(expectedByDevice.keySet());
    for (String dev : expectedByDevice.keySet()) {
      assertThat(receivedByDevice.get(dev))
          .as("payloads of %s, in order", dev)
          .containsExactlyElementsOf(expectedByDevice.get(dev));
      assertThat(decodedByDevice.get(dev)).containsExactlyElementsOf(sentByDevice.get(dev));
    }
  }

  private static String uniqueFacility() {
    return "it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Scenario withHeartbeat(Scenario s, Duration heartbeat) {
    return new Scenario(
        s.name(),
        s.facility(),
        s.zone(),
        s.start(),
        s.duration(),
        s.rooms(),
        s.exitDoors(),
        heartbeat,
        s.motionPerHour(),
        s.bathroomTripsPerNight(),
        s.seed(),
        s.incidents());
  }
}
