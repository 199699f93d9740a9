package anxin.gateway.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.protocol.Event;
import anxin.protocol.EventType;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real local actions: a process that writes a file, and a webhook on a loopback server. */
class CommandWebhookActionsTest {

  private static final LocalAlarm ALARM =
      new LocalAlarm(
          3,
          Event.of("pb-12", 42, EventType.PANIC).withTs(1_790_000_000_000L),
          Instant.parse("2026-01-10T03:00:20Z"),
          20_500);

  @TempDir Path dir;
  private HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private volatile int status = 204;
  private final CountDownLatch neverAnswer = new CountDownLatch(1);

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/alarm",
        ex -> {
          bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(status, -1);
          ex.close();
        });
    server.createContext(
        "/slow",
        ex -> {
          try {
            neverAnswer.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stopServer() {
    neverAnswer.countDown();
    server.stop(0);
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private Outcome raise(FallbackConfig config) throws Exception {
    try (CommandWebhookActions actions = new CommandWebhookActions(config, "home-1", "gw-1")) {
      return actions.raise(ALARM).get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void command_getsTheEventInItsEnvironment_argumentsAsGiven_noShellExpansion() throws Exception {
    Path out = dir.resolve("buzzer.txt");
    // the test's own script stands in for a buzzer driver; ProcessBuilder passes "$HOME" as is
    Path script = dir.resolve("buzzer.sh");
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "printf '%s|%s|%s|%s|%s|%s|%s|%s|%s\\n' \"$ANXIN_ALARM_TYPE\" \"$ANXIN_DEVICE\""
            + " \"$ANXIN_SEQ\" \"$ANXIN_EVENT_TS\" \"$ANXIN_FACILITY\" \"$ANXIN_GATEWAY\""
            + " \"$ANXIN_RAISED_AT\" \"$ANXIN_UPLINK_DOWN_SECONDS\" \"$1\" > \"$2\"\n");
    script.toFile().setExecutable(true);
    FallbackConfig config =
        FallbackConfig.DEFAULT.withCommand(
            List.of(script.toString(), "$HOME", out.toString()), Duration.ofSeconds(10));

    Outcome o = raise(config);

    assertThat(o).isEqualTo(new Outcome("ok", "none"));
    assertThat(Files.readString(out).trim())
        .isEqualTo("panic|pb-12|42|1790000000000|home-1|gw-1|2026-01-10T03:00:20Z|20|$HOME");
  }

  @Test
  void command_failingOrHanging_isReportedAndKilled() throws Exception {
    assertThat(raise(FallbackConfig.DEFAULT.withCommand(List.of("false"), Duration.ofSeconds(10))))
        .extracting(Outcome::command)
        .isEqualTo("exit 1");
    assertThat(
            raise(
                FallbackConfig.DEFAULT.withCommand(
                    List.of(dir.resolve("missing").toString()), Duration.ofSeconds(10))))
        .extracting(Outcome::command)
        .isEqualTo("error");

    long start = System.nanoTime();
    Outcome hung =
        raise(FallbackConfig.DEFAULT.withCommand(List.of("sleep", "30"), Duration.ofMillis(300)));
    assertThat(hung.command()).isEqualTo("timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void webhook_postsJson_withTheEventsFields() throws Exception {
    Outcome o = raise(FallbackConfig.DEFAULT.withWebhook(url("/alarm"), Duration.ofSeconds(5)));

    assertThat(o).isEqualTo(new Outcome("none", "ok"));
    assertThat(bodies).hasSize(1);
    JsonNode body = new ObjectMapper().readTree(bodies.get(0));
    assertThat(body.get("alarm_type").asText()).isEqualTo("panic");
    assertThat(body.get("device").asText()).isEqualTo("pb-12");
    assertThat(body.get("seq").asLong()).isEqualTo(42);
    assertThat(body.get("event_ts").asLong()).isEqualTo(1_790_000_000_000L);
    assertThat(body.get("facility").asText()).isEqualTo("home-1");
    assertThat(body.get("gateway").asText()).isEqualTo("gw-1");
    assertThat(body.get("uplink_down_seconds").asLong()).isEqualTo(20);
  }

  @Test
  void webhook_errorStatusOrNoAnswerOrNobodyListening_isReported() throws Exception {
    status = 500;
    assertThat(raise(FallbackConfig.DEFAULT.withWebhook(url("/alarm"), Duration.ofSeconds(5))))
        .extracting(Outcome::webhook)
        .isEqualTo("http 500");
    assertThat(raise(FallbackConfig.DEFAULT.withWebhook(url("/slow"), Duration.ofMillis(300))))
        .extracting(Outcome::webhook)
        .isEqualTo("timeout");
    server.stop(0);
    assertThat(raise(FallbackConfig.DEFAULT.withWebhook(url("/alarm"), Duration.ofSeconds(2))))
        .extracting(Outcome::webhook)
        .isEqualTo("error");
  }
}
