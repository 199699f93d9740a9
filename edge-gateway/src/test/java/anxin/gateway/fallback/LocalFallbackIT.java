package anxin.gateway.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.gateway.AdapterMetrics;
import anxin.gateway.Source;
import anxin.gateway.journal.JournalConfig;
import anxin.gateway.journal.SegmentedJournal;
import anxin.gateway.local.JournalIntake;
import anxin.gateway.uplink.TcpProxy;
import anxin.gateway.uplink.Uplink;
import anxin.gateway.uplink.UplinkConfig;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.testing.MqttBroker;
import anxin.testing.MqttRecorder;
import anxin.testing.MutableClock;
import anxin.testing.TestServices;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6 item 4 end to end: the uplink's link cut by a proxy, a panic arrives after the fake clock
 * passed 15 s, the gateway sounds it locally (a command that writes a file, a webhook), and once
 * the link is back the status message reports it; the panic itself is delivered by the journal.
 */
@ExtendWith(TestServices.class)
class LocalFallbackIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void linkCut_panicAfter15s_raisedLocally_thenReportedOnStatus_andDelivered(MqttBroker broker)
      throws Exception {
    String facility = "it-" + UUID.randomUUID().toString().substring(0, 12);
    MutableClock clock = new MutableClock(Instant.parse("2026-01-10T03:00:00Z"));
    Path marker = dir.resolve("buzzer-ran");
    List<String> webhookBodies = new CopyOnWriteArrayList<>();
    HttpServer web =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    web.createContext(
        "/pager",
        ex -> {
          webhookBodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    web.start();
    FallbackConfig fallbackConfig =
        FallbackConfig.DEFAULT
            .withCommand(List.of("touch", marker.toString()), Duration.ofSeconds(10))
            .withWebhook(
                URI.create("http://127.0.0.1:" + web.getAddress().getPort() + "/pager"),
                Duration.ofSeconds(5));

    try (SegmentedJournal journal =
            SegmentedJournal.open(dir.resolve("journal"), JournalConfig.DEFAULT);
        AlarmLog alarms = AlarmLog.open(dir.resolve("local-alarms.jsonl"));
        CommandWebhookActions actions =
            new CommandWebhookActions(fallbackConfig, facility, "gw-1");
        TcpProxy proxy = new TcpProxy(broker.host(), broker.port())) {
      UplinkConfig config =
          UplinkConfig.builder(proxy.uri(), facility, "gw-1")
              .clientId("it-fallback-" + UUID.randomUUID())
              .backoff(Duration.ofMillis(50), Duration.ofMillis(300))
              .version("it")
              .build();
      try (MqttRecorder status = MqttRecorder.subscribe(broker, config.statusTopic());
          MqttRecorder batches = MqttRecorder.subscribe(broker, config.batchTopic());
          Uplink uplink = Uplink.start(config, journal, alarms)) {
        LocalFallback fallback =
            new LocalFallback(
                fallbackConfig,
                clock,
                () -> uplink.state() == Uplink.State.ONLINE,
                alarms,
                actions);
        JournalIntake intake =
            new JournalIntake(journal, AdapterMetrics.NOOP)
                .onStored(events -> uplink.wake())
                .onStored(fallback::onStored);
        await().atMost(WAIT).until(() -> uplink.state() == Uplink.State.ONLINE);
        fallback.tick();

        proxy.cut();
        await().atMost(WAIT).until(() -> uplink.state() == Uplink.State.CONNECTING);
        fallback.tick(); // the fallback sees the link down from now on
        clock.advance(Duration.ofSeconds(16));
        Event panic = Event.of("pb-7", 11, EventType.PANIC).withTs(1_790_000_000_000L);
        intake.accept(Source.MQTT, List.of(panic));

        await().atMost(WAIT).until(() -> Files.exists(marker) && webhookBodies.size() == 1);
        assertThat(new ObjectMapper().readTree(webhookBodies.get(0)).get("device").asText())
            .isEqualTo("pb-7");
        await().atMost(WAIT).until(() -> alarms.snapshot() != null); // outcome recorded

        proxy.restore();

        await().atMost(WAIT).until(() -> localAlarmsIn(status).size() == 1);
        JsonNode reported = localAlarmsIn(status).get(0);
        assertThat(reported.get("dev").asText()).isEqualTo("pb-7");
        assertThat(reported.get("seq").asLong()).isEqualTo(11);
        assertThat(reported.get("type").asText()).isEqualTo("panic");
        assertThat(reported.get("command").asText()).isEqualTo("ok");
        assertThat(reported.get("webhook").asText()).isEqualTo("ok");
        assertThat(reported.get("uplink_down_ms").asLong()).isGreaterThanOrEqualTo(15_000);
        await().atMost(WAIT).until(() -> alarms.unreported().isEmpty());
        await().atMost(WAIT).until(() -> journal.size() == 0); // the panic went up as well
      }
    } finally {
      web.stop(0);
    }
  }

  /** Every local alarm in the status messages seen so far. */
  private static List<JsonNode> localAlarmsIn(MqttRecorder status) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> out = new java.util.ArrayList<>();
    for (MqttRecorder.Received r : status.received()) {
      JsonNode n = json.readTree(r.payload());
      n.path("local_alarms").forEach(out::add);
    }
    return out;
  }
}
