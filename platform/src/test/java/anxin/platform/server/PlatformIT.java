package anxin.platform.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.testing.MqttBroker;
import anxin.testing.MqttRecorder;
import anxin.testing.Postgres;
import anxin.testing.TestServices;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembled platform over its HTTP API: what a console, a manager's tool and the bureau see.
 */
@ExtendWith(TestServices.class)
class PlatformIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private PlatformRig rig;
  private MqttBroker broker;

  @BeforeEach
  void start(Postgres pg, MqttBroker broker, @TempDir Path dir) throws Exception {
    this.broker = broker;
    rig = new PlatformRig(pg, broker, dir);
  }

  @AfterEach
  void stop() throws Exception {
    rig.close();
  }

  private JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private String awaitAlert(String token, String facility) {
    return await()
        .atMost(WAIT)
        .until(
            () -> {
              JsonNode alerts =
                  json(rig.get("/api/v1/alerts?facility=" + facility, token)).get("alerts");
              return alerts.isEmpty() ? null : alerts.get(0).get("id").asText();
            },
            id -> id != null);
  }

  @Test
  void withoutOrWithAWrongToken_401WithAReason() throws Exception {
    HttpResponse<String> none = rig.get("/api/v1/alerts", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(json(none).get("reason").asText()).isEqualTo("unauthorized");
    assertThat(rig.get("/api/v1/alerts", "anx_wrong").statusCode()).isEqualTo(401);
  }

  @Test
  void fall_isListedWithItsTimeline_acknowledgeReassuresTheDevice_resolveNeedsAnOutcome()
      throws Exception {
    String token = rig.tokens.get("fa");
    try (MqttRecorder commands = MqttRecorder.subscribe(broker, "anxin/v1/fa/fa-pb-1/cmd")) {
      rig.publish("fa", "fa-pb-1", "panic");
      String id = awaitAlert(token, "fa");

      JsonNode alert = json(rig.get("/api/v1/alerts/" + id, token));
      assertThat(alert.get("rule").asText()).isEqualTo("panic");
      assertThat(alert.get("severity").asText()).isEqualTo("P1");
      assertThat(alert.get("residentName").asText()).isEqualTo("Zhang Xiuying");
      assertThat(alert.get("timeline").get(0).get("kind").asText()).isEqualTo("opened");

      HttpResponse<String> ack = rig.post("/api/v1/alerts/" + id + "/ack", token, null);
      assertThat(ack.statusCode()).isEqualTo(200);
      assertThat(json(ack).get("state").asText()).isEqualTo("acknowledged");
      assertThat(json(ack).get("acknowledgedBy").asText()).isEqualTo("fa-cg");
      assertThat(rig.post("/api/v1/alerts/" + id + "/ack", token, null).statusCode())
          .as("acknowledge is idempotent")
          .isEqualTo(200);
      await().atMost(WAIT).until(() -> commands.count() >= 1);
      assertThat(new String(commands.received().get(0).payload(), StandardCharsets.UTF_8))
          .contains("\"cmd\":\"reassure\"")
          .contains(id);

      HttpResponse<String> missing = rig.post("/api/v1/alerts/" + id + "/resolve", token, "{}");
      assertThat(missing.statusCode()).isEqualTo(400);
      assertThat(json(missing).get("reason").asText()).isEqualTo("outcome_missing");
      HttpResponse<String> resolved =
          rig.post(
              "/api/v1/alerts/" + id + "/resolve",
              token,
              "{\"outcome\":\"assisted\",\"note\":\"ok\"}");
      assertThat(resolved.statusCode()).isEqualTo(200);
      assertThat(json(resolved).get("outcome").asText()).isEqualTo("assisted");
    }
  }

  @Test
  void scopes_anotherFacilitysCaregiverGets403_theBureauReadsWithoutNamesAndCannotAct()
      throws Exception {
    rig.publish("fa", "fa-pb-1", "panic");
    String id = awaitAlert(rig.tokens.get("fa"), "fa");

    HttpResponse<String> other = rig.get("/api/v1/alerts/" + id, rig.tokens.get("fb"));
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.body()).doesNotContain("Zhang").doesNotContain("panic");
    assertThat(rig.get("/api/v1/alerts?facility=fa", rig.tokens.get("fb")).statusCode())
        .isEqualTo(403);
    assertThat(json(rig.get("/api/v1/alerts", rig.tokens.get("fb"))).get("alerts")).isEmpty();
    assertThat(rig.post("/api/v1/alerts/" + id + "/ack", rig.tokens.get("fb"), null).statusCode())
        .isEqualTo(403);

    JsonNode seenByBureau = json(rig.get("/api/v1/alerts/" + id, rig.tokens.get("region")));
    assertThat(seenByBureau.get("id").asText()).isEqualTo(id);
    assertThat(seenByBureau.has("residentName")).isFalse();
    assertThat(rig.get("/api/v1/alerts/" + id, rig.tokens.get("countyA")).statusCode())
        .isEqualTo(200);
    assertThat(
            rig.post("/api/v1/alerts/" + id + "/ack", rig.tokens.get("region"), null).statusCode())
        .isEqualTo(403);
    assertThat(rig.get("/api/v1/residents?facility=fa", rig.tokens.get("region")).body())
        .doesNotContain("Zhang");
  }

  @Test
  void stream_deliversAlertEventsInScope_andCatchesUpFromLastEventId() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(rig.base + "/api/v1/alerts/stream"))
            .header("Authorization", "Bearer " + rig.tokens.get("fa"))
            .build();
    var stream = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> response = stream.get();
    assertThat(response.statusCode()).isEqualTo(200);
    Thread reader =
        new Thread(
            () -> {
              try {
                response.body().forEach(lines::add);
              } catch (java.io.UncheckedIOException e) {
                // the platform stopped at the end of the test
              }
            });
    reader.setDaemon(true);
    reader.start();

    rig.publish("fb", "fb-pb-1", "panic");
    rig.publish("fa", "fa-pb-1", "panic");
    await().atMost(WAIT).until(() -> lines.contains("event: alert.opened"));
    String data = lines.stream().filter(l -> l.startsWith("data: {")).findFirst().orElseThrow();
    assertThat(data).contains("\"facility\":\"fa\"").doesNotContain("\"facility\":\"fb\"");
    String firstId =
        lines.stream().filter(l -> l.startsWith("id: ")).findFirst().orElseThrow().substring(4);

    // A client that saw the first event and reconnects gets what followed, once.
    String id = awaitAlert(rig.tokens.get("fa"), "fa");
    rig.post("/api/v1/alerts/" + id + "/ack", rig.tokens.get("fa"), null);
    await().atMost(WAIT).until(() -> lines.contains("event: alert.acknowledged"));
    HttpResponse<Stream<String>> again =
        http.send(
            HttpRequest.newBuilder(URI.create(rig.base + "/api/v1/alerts/stream"))
                .header("Authorization", "Bearer " + rig.tokens.get("fa"))
                .header("Last-Event-ID", firstId)
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    List<String> caughtUp =
        java.util.concurrent.CompletableFuture.supplyAsync(
                () -> again.body().takeWhile(l -> !l.equals("event: alert.acknowledged")).toList())
            .get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(caughtUp).doesNotContain("event: alert.opened").doesNotContain("event: reset");
  }

  @Test
  void openApi_documentsEveryRouteServed_andNothingElse() throws Exception {
    HttpResponse<String> r = rig.get("/openapi.yaml", null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode doc =
        new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(r.body());
    java.util.Set<String> documented = new java.util.TreeSet<>();
    doc.get("paths")
        .fields()
        .forEachRemaining(
            p ->
                p.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        m -> {
                          if (List.of("get", "put", "post", "delete", "patch").contains(m)) {
                            documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey());
                          }
                        }));
    java.util.Set<String> served = new java.util.TreeSet<>(rig.platform.routes());
    // The console's pages are not the API: the redirect to it and the browser's favicon request.
    served.removeAll(List.of("GET /", "GET /favicon.ico"));
    assertThat(documented).isEqualTo(served);
  }

  @Test
  void policies_managerChangesThem_everyProblemListed_caregiverAndBureauCannot() throws Exception {
    String manager =
        rig.platform
            .tokens()
            .create(
                new anxin.platform.access.Principal(
                    "fa manager",
                    anxin.platform.access.Role.MANAGER,
                    null,
                    java.util.Set.of("fa"),
                    null,
                    null));
    HttpResponse<String> bad =
        rig.put(
            "/api/v1/policies?facility=fa",
            manager,
            "{\"settings\":{\"rules.door.left-open\":\"soon\",\"escalation.p1.remind-every\":\"x\",\"colour\":\"red\"}}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("problems")).hasSize(3);

    HttpResponse<String> good =
        rig.put(
            "/api/v1/policies?facility=fa",
            manager,
            "{\"settings\":{\"rules.door.left-open\":\"20min\"}}");
    assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
    assertThat(
            json(rig.get("/api/v1/policies?facility=fa", manager))
                .get("settings")
                .get("rules.door.left-open")
                .asText())
        .isEqualTo("20min");
    assertThat(rig.platform.directory().rules("fa").doorLeftOpen())
        .isEqualTo(Duration.ofMinutes(20));

    // The rule engine took fa's rules at its first event; a changed threshold still reaches it.
    rig.publish("fa", "fa-pb-1", "heartbeat", ",\"bat\":40");
    await() // stored, so already handed to the rule engine (ingest hands off before it writes)
        .atMost(WAIT)
        .until(
            () ->
                !json(rig.get("/api/v1/devices?facility=fa", manager))
                    .get("devices")
                    .get(0)
                    .get("lastSeen")
                    .isNull());
    HttpResponse<String> raised =
        rig.put(
            "/api/v1/policies?facility=fa",
            manager,
            "{\"settings\":{\"rules.door.left-open\":\"20min\",\"rules.battery.low-percent\":\"50\"}}");
    assertThat(raised.statusCode()).isEqualTo(200);
    assertThat(json(rig.get("/api/v1/alerts?facility=fa", manager)).get("alerts"))
        .as("40 %% was not low under the default 15 %%")
        .isEmpty();
    rig.publish("fa", "fa-pb-1", "heartbeat", ",\"bat\":40");
    String battery = awaitAlert(manager, "fa");
    assertThat(json(rig.get("/api/v1/alerts/" + battery, manager)).get("rule").asText())
        .isEqualTo("battery_low");

    assertThat(
            rig.put("/api/v1/policies?facility=fa", rig.tokens.get("fa"), "{\"settings\":{}}")
                .statusCode())
        .isEqualTo(403);
    assertThat(rig.put("/api/v1/policies?facility=fb", manager, "{\"settings\":{}}").statusCode())
        .isEqualTo(403);
    assertThat(rig.get("/api/v1/staff?facility=fa", rig.tokens.get("region")).statusCode())
        .isEqualTo(403);
    assertThat(
            json(rig.get("/api/v1/roster?facility=fa", rig.tokens.get("fa")))
                .get("rooms")
                .get("101")
                .asText())
        .isEqualTo("A");
  }

  @Test
  void import_managerImportsTheirFacility_reportPerRow_dryRunWritesNothing() throws Exception {
    String manager =
        rig.platform
            .tokens()
            .create(
                new anxin.platform.access.Principal(
                    "fa manager",
                    anxin.platform.access.Role.MANAGER,
                    null,
                    java.util.Set.of("fa"),
                    null,
                    null));
    String good = "facility,room,zone\nfa,102,B\nfa,103,B\n";
    HttpResponse<String> dry = rig.postCsv("/api/v1/import?kind=zones&dryRun=true", manager, good);
    assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
    assertThat(json(dry).get("added").asInt()).isEqualTo(2);
    assertThat(json(rig.get("/api/v1/roster?facility=fa", manager)).get("rooms").has("102"))
        .isFalse();

    HttpResponse<String> written = rig.postCsv("/api/v1/import?kind=zones", manager, good);
    assertThat(written.statusCode()).isEqualTo(200);
    assertThat(
            json(rig.get("/api/v1/roster?facility=fa", manager)).get("rooms").get("102").asText())
        .isEqualTo("B");
    assertThat(
            json(rig.postCsv("/api/v1/import?kind=zones", manager, good)).get("unchanged").asInt())
        .as("re-import changes nothing")
        .isEqualTo(2);

    HttpResponse<String> bad =
        rig.postCsv("/api/v1/import?kind=zones", manager, "facility,room,zone\nfa,,B\nfa,104,\n");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(json(bad).get("problems")).hasSize(2);
    assertThat(json(bad).get("problems").get(0).get("row").asInt()).isEqualTo(2);

    assertThat(
            rig.postCsv("/api/v1/import?kind=zones", manager, "facility,room,zone\nfb,201,A\n")
                .statusCode())
        .isEqualTo(403);
    assertThat(rig.postCsv("/api/v1/import?kind=zones", rig.tokens.get("fa"), good).statusCode())
        .isEqualTo(403);
  }

  @Test
  void health_andMetrics() throws Exception {
    assertThat(rig.get("/health/live", null).statusCode()).isEqualTo(200);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              HttpResponse<String> ready = rig.get("/health/ready", null);
              assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
              assertThat(json(ready).get("database").asText()).isEqualTo("up");
            });
    rig.publish("fa", "fa-pb-1", "panic");
    awaitAlert(rig.tokens.get("fa"), "fa");
    String metrics = rig.get("/metrics", null).body();
    assertThat(metrics)
        .contains("anxin_alerts_opened_total{rule=\"panic\",severity=\"P1\"}")
        .contains("anxin_alerting_database_writable 1.0")
        .contains("jvm_memory_used_bytes");
  }
}
