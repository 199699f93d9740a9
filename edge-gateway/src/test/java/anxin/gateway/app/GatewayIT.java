package anxin.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.topic.Topics;
import anxin.testing.MqttBroker;
import anxin.testing.MqttRecorder;
import anxin.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembled gateway from a configuration file: a sensor on the LAN broker, a Zigbee door
 * through Zigbee2MQTT and a CoAP sensor all reach the platform's broker in batches. One broker
 * plays both the LAN's and the platform's.
 */
@ExtendWith(TestServices.class)
class GatewayIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void configFile_threeAdapters_eventsReachThePlatformBroker(MqttBroker broker) throws Exception {
    String facility = "it-" + UUID.randomUUID().toString().substring(0, 12);
    String base = "z2m-" + UUID.randomUUID().toString().substring(0, 8);
    Files.writeString(
        dir.resolve("z2m.json"),
        """
        {"baseTopic": "%s", "devices": [
          {"friendly_name": "front door", "device": "door-1", "kind": "door", "door": "main"}]}
        """
            .formatted(base));
    Path configFile = dir.resolve("gateway.json");
    Files.writeString(
        configFile,
        """
        {"facility": "%s", "gateway": "gw-it", "data.dir": "data",
         "uplink.uris": "%s", "lan.mqtt.uri": "%s", "z2m.mapping": "z2m.json",
         "coap.bind": "127.0.0.1", "coap.port": 0}
        """
            .formatted(facility, broker.serverUri(), broker.serverUri()));
    GatewayConfig config = GatewayConfig.load(configFile, Map.of(), "it");

    try (MqttRecorder batches = MqttRecorder.subscribe(broker, Topics.batch(facility));
        Gateway gateway = Gateway.start(config, Clock.systemUTC())) {
      await().atMost(WAIT).until(() -> gateway.uplink().state().name().equals("ONLINE"));
      EventCodec codec = new EventCodec();
      Event panic = Event.of("pb-1", 1, EventType.PANIC);
      Event fall = Event.of("fd-1", 2, EventType.FALL);

      MqttClient sensor =
          new MqttClient(
              broker.serverUri(), "sensor-" + UUID.randomUUID(), new MemoryPersistence());
      sensor.connect(new MqttConnectionOptions());
      try {
        // until the adapters' subscriptions are in place, publish again (a sensor would retry)
        await()
            .atMost(WAIT)
            .until(
                () -> {
                  publish(sensor, Topics.event(facility, "pb-1"), codec.encodeJson(panic));
                  publish(
                      sensor,
                      base + "/front door",
                      "{\"battery\":97,\"contact\":false,\"linkquality\":102}"
                          .getBytes(StandardCharsets.UTF_8));
                  return devices(batches).containsAll(List.of("pb-1", "door-1"));
                });
      } finally {
        sensor.disconnect();
        sensor.close();
      }
      CoapEndpoint endpoint =
          CoapEndpoint.builder()
              .setConfiguration(Configuration.createStandardWithoutFile())
              .build();
      CoapClient coap =
          new CoapClient(
                  "coap://127.0.0.1:"
                      + gateway.coapAddress().orElseThrow().getPort()
                      + "/v1/events")
              .setEndpoint(endpoint)
              .setTimeout(5_000L);
      try {
        CoapResponse r = coap.post(codec.encodeCbor(fall), 60);
        assertThat(r.getCode()).isEqualTo(ResponseCode.CHANGED);
      } finally {
        coap.shutdown();
        endpoint.destroy();
      }

      await().atMost(WAIT).until(() -> devices(batches).contains("fd-1"));
      await().atMost(WAIT).until(() -> gateway.queued() == 0);
      List<Event> doors = events(batches).stream().filter(e -> e.dev().equals("door-1")).toList();
      assertThat(doors.get(0).type()).isEqualTo(EventType.DOOR_OPEN);
      assertThat(doors.get(0).door()).contains("main");
      assertThat(doors.get(0).bat()).isEqualTo(97);
    }
    assertThat(Files.exists(dir.resolve("data/journal"))).isTrue();
    assertThat(Files.exists(dir.resolve("data/z2m-state.json"))).isTrue();
  }

  private static void publish(MqttClient c, String topic, byte[] payload) throws Exception {
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    c.publish(topic, m);
  }

  private static List<Event> events(MqttRecorder batches) {
    EventCodec codec = new EventCodec();
    List<Event> out = new ArrayList<>();
    batches.received().forEach(r -> out.addAll(codec.decode(r.payload()).events()));
    return out;
  }

  private static List<String> devices(MqttRecorder batches) {
    return events(batches).stream().map(Event::dev).distinct().toList();
  }
}
