package anxin.ingest.http;

import static anxin.ingest.http.FakeIngest.accepted;
import static anxin.ingest.http.FakeIngest.busy;
import static anxin.ingest.http.FakeIngest.duplicate;
import static anxin.ingest.http.FakeIngest.receipt;
import static anxin.ingest.http.FakeIngest.rejected;
import static anxin.ingest.http.TestEndpoint.json;
import static org.assertj.core.api.Assertions.assertThat;

import anxin.ingest.Sender;
import anxin.ingest.Submission;
import anxin.ingest.Transport;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Reason;
import anxin.protocol.codec.EventCodec;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The events endpoint over a real socket: status, headers and JSON for each kind of receipt. */
class HttpIngestRoutesIT {

  private static final EventCodec CODEC = new EventCodec();
  private static final Event PANIC = Event.of(TestEndpoint.DEVICE.id(), 7, EventType.PANIC);
  private static final byte[] PANIC_JSON = CODEC.encodeJson(PANIC);

  private static TestEndpoint endpoint;
  private static FakeIngest ingest;

  @BeforeAll
  static void start() {
    endpoint =
        new TestEndpoint(
            new HttpIngestSettings(
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10)));
    ingest = endpoint.ingest;
  }

  @AfterAll
  static void stop() throws Exception {
    endpoint.close();
  }

  @BeforeEach
  void reset() {
    ingest.reset();
  }

  @Test
  void post_singleJsonEvent_submitsItAndAnswers202WithReport() throws Exception {
    HttpResponse<String> response = endpoint.post("application/json", PANIC_JSON);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json(response))
        .isEqualTo(new JsonObject("{\"accepted\":1,\"duplicates\":0,\"rejected\":[]}"));
    Submission s = ingest.nextSubmission();
    assertThat(s.transport()).isEqualTo(Transport.HTTP);
    assertThat(s.sender()).isEqualTo(new Sender.AuthenticatedDevice(TestEndpoint.DEVICE));
    assertThat(s.payload()).isEqualTo(PANIC_JSON);
    assertThat(s.receivedAt()).isNotNull();
  }

  @Test
  void post_cborEvent_submitsTheBytesUnchanged() throws Exception {
    byte[] cbor = CODEC.encodeCbor(PANIC);

    HttpResponse<String> response = endpoint.post("application/cbor", cbor);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(ingest.nextSubmission().payload()).isEqualTo(cbor);
  }

  @Test
  void post_batchWithDuplicates_countsBoth() throws Exception {
    ingest.answer(receipt(accepted(0), duplicate(1), accepted(2)));
    byte[] batch = CODEC.encodeJson(List.of(PANIC, PANIC, PANIC));

    HttpResponse<String> response = endpoint.post("application/json", batch);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(json(response))
        .isEqualTo(new JsonObject("{\"accepted\":2,\"duplicates\":1,\"rejected\":[]}"));
  }

  @Test
  void post_partialBatch_answers202ListingTheRejectedIndexes() throws Exception {
    ingest.answer(
        receipt(
            accepted(0), rejected(1, Reason.UNKNOWN_TYPE, "unknown type 'jump'"), duplicate(2)));

    HttpResponse<String> response = endpoint.post("application/json", PANIC_JSON);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(json(response))
        .isEqualTo(
            new JsonObject(
                "{\"accepted\":1,\"duplicates\":1,\"rejected\":"
                    + "[{\"index\":1,\"reason\":\"unknown_type\",\"detail\":\"unknown type 'jump'\"}]}"));
  }

  @Test
  void post_nothingStored_answers400WithTheFirstRejection() throws Exception {
    ingest.answer(
        receipt(
            rejected(0, Reason.UNKNOWN_DEVICE, "device 'x' is not provisioned"),
            rejected(1, Reason.MALFORMED, "seq is not an integer")));

    HttpResponse<String> response = endpoint.post("application/json", PANIC_JSON);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response))
        .isEqualTo(
            new JsonObject()
                .put("reason", "unknown_device")
                .put("detail", "device 'x' is not provisioned"));
  }

  @Test
  void post_pipelineRejectsAsUnauthorized_answers401WithChallenge() throws Exception {
    ingest.answer(receipt(rejected(0, Reason.UNAUTHORIZED, "event of device pb-102")));

    HttpResponse<String> response = endpoint.post("application/json", PANIC_JSON);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(json(response).getString("reason")).isEqualTo("unauthorized");
  }

  @Test
  void post_rateLimited_answers429WithRetryAfter() throws Exception {
    ingest.answer(receipt(accepted(0), rejected(1, Reason.RATE_LIMITED, "over 10/s")));

    HttpResponse<String> response = endpoint.post("application/json", PANIC_JSON);

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("10");
    assertThat(json(response).getString("reason")).isEqualTo("rate_limited");
  }

  @Test
  void post_busy_answers503WithRetryAfterEvenIfPartlyStored() throws Exception {
    ingest.answer(receipt(accepted(0), busy(1)));

    HttpResponse<String> response = endpoint.post("application/json", PANIC_JSON);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(json(response).getString("reason")).isEqualTo("busy");
  }

  @Test
  void post_receiptCompletedLaterFromAnotherThread_isAnswered() throws Exception {
    ingest.answerLater();
    var response =
        endpoint.client.sendAsync(
            endpoint
                .request()
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(PANIC_JSON))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    ingest.nextPending().complete(receipt(duplicate(0)));

    HttpResponse<String> answered = response.get();
    assertThat(answered.statusCode()).isEqualTo(202);
    assertThat(json(answered).getInteger("duplicates")).isEqualTo(1);
  }

  @Test
  void post_pipelineFails_answers503() throws Exception {
    ingest.failWith(new IllegalStateException("pipeline closed"));

    HttpResponse<String> response = endpoint.post("application/json", PANIC_JSON);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
  }

  @Test
  void post_submitThrows_answers503() throws Exception {
    ingest.throwOnSubmit(new IllegalStateException("pipeline closed"));

    HttpResponse<String> response = endpoint.post("application/json", PANIC_JSON);

    assertThat(response.statusCode()).isEqualTo(503);
  }

  @Test
  void post_faultInTheEndpoint_answers500Json() throws Exception {
    // A rejection without a reason breaks the contract of Outcome: the endpoint fails on it.
    ingest.answer(
        receipt(new anxin.ingest.Outcome(0, anxin.ingest.Outcome.Status.REJECTED, null, null)));

    HttpResponse<String> response = endpoint.post("application/json", PANIC_JSON);

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(json(response).getString("reason")).isEqualTo("internal_error");
  }

  @Test
  void post_missingAuthorization_answers401AndSubmitsNothing() throws Exception {
    HttpResponse<String> response =
        endpoint.send(
            HttpRequest.newBuilder(endpoint.uri)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(PANIC_JSON)));

    assertUnauthorized(response, "Bearer realm=\"anxin\"");
    assertThat(json(response).getString("detail")).contains("missing Authorization");
  }

  @Test
  void post_basicScheme_answers401WithoutEchoingTheCredentials() throws Exception {
    HttpResponse<String> response =
        endpoint.send(
            HttpRequest.newBuilder(endpoint.uri)
                .header("Authorization", "Basic " + TestEndpoint.TOKEN)
                .POST(BodyPublishers.ofByteArray(PANIC_JSON)));

    assertUnauthorized(response, "Bearer realm=\"anxin\"");
    assertThat(response.body()).doesNotContain(TestEndpoint.TOKEN);
  }

  @Test
  void post_unknownToken_answers401InvalidToken() throws Exception {
    HttpResponse<String> response =
        endpoint.send(
            HttpRequest.newBuilder(endpoint.uri)
                .header("Authorization", "Bearer tok_unknown")
                .POST(BodyPublishers.ofByteArray(PANIC_JSON)));

    assertUnauthorized(response, "Bearer realm=\"anxin\", error=\"invalid_token\"");
    assertThat(response.body()).doesNotContain("tok_unknown");
  }

  @Test
  void post_lowerCaseScheme_isAccepted() throws Exception {
    HttpResponse<String> response =
        endpoint.send(
            HttpRequest.newBuilder(endpoint.uri)
                .header("Authorization", "bearer " + TestEndpoint.TOKEN)
                .POST(BodyPublishers.ofByteArray(PANIC_JSON)));

    assertThat(response.statusCode()).isEqualTo(202);
  }

  private static void assertUnauthorized(HttpResponse<String> response, String challenge)
      throws InterruptedException {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue(challenge);
    assertThat(json(response).getString("reason")).isEqualTo("unauthorized");
    assertThat(ingest.submissions()).isEmpty();
  }

  @Test
  void post_noReceiptWithinTimeout_answers503() throws Exception {
    try (TestEndpoint slow =
        new TestEndpoint(
            new HttpIngestSettings(
                Duration.ofMillis(200), Duration.ofMillis(1500), Duration.ofSeconds(10)))) {
      slow.ingest.neverAnswer();

      HttpResponse<String> response = slow.post("application/json", PANIC_JSON);

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
      assertThat(json(response))
          .isEqualTo(
              new JsonObject()
                  .put("reason", "busy")
                  .put("detail", "no receipt within 200 ms; retry the message"));
    }
  }

  @Test
  void get_answers405WithAllowPost() throws Exception {
    HttpResponse<String> response = endpoint.send(endpoint.request().GET());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    assertThat(json(response).getString("reason")).isEqualTo("method_not_allowed");
  }

  @Test
  void tokens_appearInNoLogLine_payloadsInNoneAboveDebug() throws Exception {
    String unknownToken = "tok_NotProvisionedButSecretAnyway";
    byte[] marked = CODEC.encodeJson(PANIC.withData(java.util.Map.of("note", "PAYLOAD-MARKER")));
    try (RecordingLogs logs = new RecordingLogs()) {
      endpoint.post("application/json", marked);
      ingest.answer(receipt(rejected(0, Reason.MALFORMED, "bad seq")));
      endpoint.post("application/json", marked);
      ingest.failWith(new IllegalStateException("pipeline closed"));
      endpoint.post("application/json", marked);
      ingest.answer(
          receipt(new anxin.ingest.Outcome(0, anxin.ingest.Outcome.Status.REJECTED, null, null)));
      endpoint.post("application/json", marked);
      endpoint.send(
          HttpRequest.newBuilder(endpoint.uri)
              .header("Authorization", "Bearer " + unknownToken)
              .POST(BodyPublishers.ofByteArray(marked)));
      endpoint.send(
          HttpRequest.newBuilder(endpoint.uri)
              .header("Authorization", "Basic " + TestEndpoint.TOKEN)
              .POST(BodyPublishers.ofByteArray(marked)));

      List<RecordingLogs.Line> lines = logs.lines();
      assertThat(lines)
          .as("the capture works: the endpoint's own lines are there")
          .anySatisfy(l -> assertThat(l.text()).contains("unauthorized from"))
          .anySatisfy(l -> assertThat(l.text()).contains("pipeline failed"));
      assertThat(lines)
          .allSatisfy(l -> assertThat(l.text()).doesNotContain(TestEndpoint.TOKEN, unknownToken));
      assertThat(lines)
          .filteredOn(l -> l.level().isGreaterOrEqual(ch.qos.logback.classic.Level.INFO))
          .allSatisfy(l -> assertThat(l.text()).doesNotContain("PAYLOAD-MARKER"));
    }
  }
}
