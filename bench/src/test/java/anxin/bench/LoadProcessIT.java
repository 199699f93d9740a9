package anxin.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.bench.gateway.MosquittoProcess;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
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
    // subscribed at QoS 1 before anything is published, so every message that is sent arrives
    try (RawSubscriber subscriber =
        RawSubscriber.connect(
            broker, "lp-it-sub-" + facility, "lp-it-" + facility, facility, 100)) {
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
      await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.received() == r.messages());
      // close() returned once the child had ended
      assertThat(
              ProcessHandle.allProcesses()
                  .filter(p -> p.info().commandLine().orElse("").contains("lp-it-" + facility)))
          .isEmpty();
    }
  }
}
