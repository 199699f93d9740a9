package anxin.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.bench.gateway.MosquittoProcess;
import anxin.protocol.topic.Topic;
import anxin.protocol.topic.Topics;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

/**
 * The platform benchmark's telemetry in a JVM of its own: what a run reports is what reached the
 * broker, at the rate asked for, and the child is gone once closed. Against the broker named by
 * {@code ANXIN_TEST_MQTT_URL} (as {@code .ci/run} sets it), else a private Mosquitto.
 */
class LoadProcessIT {

  private static final String MOSQUITTO = "/usr/sbin/mosquitto";

  @Test
  void run_publishesTheRateAskedFor_andReportsWhatTheBrokerAcknowledged() throws Exception {
    String url = System.getenv("ANXIN_TEST_MQTT_URL");
    if (url != null && !url.isBlank()) {
      check(url);
      return;
    }
    assertThat(Path.of(MOSQUITTO))
        .as("no ANXIN_TEST_MQTT_URL and no %s to start a broker with", MOSQUITTO)
        .isExecutable();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (MosquittoProcess broker =
        MosquittoProcess.start(MOSQUITTO, port, Files.createTempDirectory("load-process-it"))) {
      check(broker.uri());
    }
  }

  private static void check(String broker) throws Exception {
    String facility = "lp" + UUID.randomUUID().toString().substring(0, 8);
    AtomicLong received = new AtomicLong();
    MqttClient subscriber = subscribe(broker, Topics.event(facility, Topic.BATCH), received);
    try {
      LoadProcess load = LoadProcess.start(broker, "lp-it-" + facility, facility, "dev", 50, 5, 32);
      GatewayLoad.Result r;
      try {
        r = load.run(1_000, Duration.ofSeconds(2), 20, Duration.ofMillis(50));
        assertThat(load.processCpuNanos()).isPositive();
      } finally {
        load.close();
      }

      // open loop: 2,000 events due in 2 s, sent in batches of at most 20, none failed
      assertThat(r.failed()).isZero();
      assertThat(r.events()).isBetween(1_900L, 2_100L);
      assertThat(r.messages()).isBetween(r.events() / 20, r.events());
      await().atMost(Duration.ofSeconds(30)).until(() -> received.get() == r.messages());
      // close() returned once the child had ended
      assertThat(
              ProcessHandle.allProcesses()
                  .filter(p -> p.info().commandLine().orElse("").contains("lp-it-" + facility)))
          .isEmpty();
    } finally {
      subscriber.disconnect();
      subscriber.close();
    }
  }

  /** Subscribed at QoS 1 before anything is published, so every message that is sent arrives. */
  private static MqttClient subscribe(String broker, String topic, AtomicLong received)
      throws MqttException {
    MqttClient c =
        new MqttClient(broker, "lp-it-sub-" + UUID.randomUUID(), new MemoryPersistence());
    c.setCallback(
        new MqttCallback() {
          @Override
          public void messageArrived(String t, MqttMessage m) {
            received.incrementAndGet();
          }

          @Override
          public void disconnected(MqttDisconnectResponse response) {}

          @Override
          public void mqttErrorOccurred(MqttException exception) {}

          @Override
          public void deliveryComplete(IMqttToken token) {}

          @Override
          public void connectComplete(boolean reconnect, String serverUri) {}

          @Override
          public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    c.connect(o);
    c.subscribe(topic, 1);
    return c;
  }
}
