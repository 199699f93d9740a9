package anxin.ingest.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.ingest.Device;
import anxin.ingest.coap.TestCoapClient;
import anxin.ingest.jdbc.JdbcProvisioning;
import anxin.ingest.pipeline.IngestPipeline;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Reason;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.topic.Topics;
import anxin.testing.MqttBroker;
import anxin.testing.Postgres;
import anxin.testing.TestServices;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every rejection reason a transport can meet, sent through the assembled ingest tier: answered in
 * the transport's own terms and counted in {@code anxin.ingest.rejections}. {@code
 * facility_mismatch} exists only on MQTT, where the topic names a facility; over CoAP and HTTP a
 * device is known by its credentials, and another device's event is {@code unauthorized}.
 */
@ExtendWith(TestServices.class)
class IngestRejectionsIT {

  private static final byte[] PSK_A = "psk-of-device-a-pb".getBytes(StandardCharsets.US_ASCII);

  private final IngestHarness harness = new IngestHarness();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final EventCodec codec = new EventCodec();
  private final AtomicLong seq = new AtomicLong(1);
  private final String fa = "fa-" + UUID.randomUUID().toString().substring(0, 6);
  private final String fb = "fb-" + UUID.randomUUID().toString().substring(0, 6);
  private IngestNode node;
  private MqttBroker broker;

  @BeforeEach
  void start(Postgres pg, MqttBroker broker) throws Exception {
    this.broker = broker;
    IngestNode.Config all = harness.configAllTransports(pg.freshDatabase(), broker);
    IngestNode.Config tight = // 1 event/s with bursts of 3, so rate_limited is reachable
        new IngestNode.Config(
            all.jdbcUrl(),
            all.dbUser(),
            all.dbPassword(),
            all.poolSize(),
            all.pskKey(),
            all.mqtt(),
            all.coap(),
            all.http(),
            new IngestPipeline.Settings(1024, 1, 3, 100_000),
            all.writer(),
            all.recentKeysWindow());
    node = IngestNode.start(tight, e -> {}, meters, Clock.systemUTC());
    JdbcProvisioning p = node.provisioning();
    p.upsertFacility(fa, "A", "文山市", "文山州", "Asia/Shanghai");
    p.upsertFacility(fb, "B", "砚山县", "文山州", "Asia/Shanghai");
    p.upsertDevice(device(fa + "-pb", fa), "token-a", PSK_A);
    p.upsertDevice(device(fa + "-pir", fa), "token-pir", null);
    p.upsertDevice(device(fb + "-pb", fb), "token-b", null);
    await().atMost(Duration.ofSeconds(10)).until(() -> node.registry().size() == 3);
    await().atMost(Duration.ofSeconds(30)).until(() -> node.mqtt().isConnected());
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
    harness.discardSession(broker);
  }

  private static Device device(String id, String facility) {
    return new Device(id, facility, "panic_button", "1", null, Duration.ofMinutes(5));
  }

  private byte[] event(String dev, EventType type) {
    return codec.encodeJson(Event.of(dev, seq.getAndIncrement(), type));
  }

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] tooLarge() {
    String head = "{\"v\":1,\"dev\":\"x\",\"seq\":1,\"type\":\"motion\",\"data\":{\"p\":\"";
    byte[] b = new byte[65_537];
    Arrays.fill(b, (byte) 'x');
    System.arraycopy(json(head), 0, b, 0, head.length());
    return b;
  }

  private double rejections(String transport, Reason reason) {
    Counter c =
        meters
            .find("anxin.ingest.rejections")
            .tags("transport", transport, "reason", reason.wireName())
            .counter();
    return c == null ? 0 : c.count();
  }

  private void awaitCounted(String transport, Reason reason, double n) {
    await(transport + " " + reason.wireName() + " counted")
        .atMost(Duration.ofSeconds(30))
        .until(() -> rejections(transport, reason) >= n);
    assertThat(rejections(transport, reason)).isEqualTo(n);
  }

  @Test
  void mqtt_everyReason_acknowledgedAndCounted() throws Exception {
    MqttClient pub =
        new MqttClient(broker.serverUri(), "pub-" + UUID.randomUUID(), new MemoryPersistence());
    pub.connect();
    String own = Topics.event(fa, fa + "-pb");
    String pir = Topics.event(fa, fa + "-pir");
    String batch = Topics.batch(fa);
    try {
      pub.publish(own, new byte[] {(byte) 0xff, 0x00}, 1, false);
      pub.publish(own, json("{\"v\":2,\"dev\":\"x\",\"seq\":1,\"type\":\"panic\"}"), 1, false);
      pub.publish(
          own, json("{\"v\":1,\"dev\":\"" + fa + "-pb\",\"seq\":9,\"type\":\"boom\"}"), 1, false);
      pub.publish(batch, event("ghost", EventType.PANIC), 1, false);
      pub.publish(batch, event(fb + "-pb", EventType.PANIC), 1, false);
      pub.publish(own, event(fa + "-pir", EventType.MOTION), 1, false);
      pub.publish(own, tooLarge(), 1, false);
      for (int i = 0; i < 4; i++) {
        pub.publish(pir, event(fa + "-pir", EventType.MOTION), 1, false);
      }
    } finally {
      pub.disconnect();
      pub.close();
    }

    awaitCounted("mqtt", Reason.MALFORMED, 1);
    awaitCounted("mqtt", Reason.UNSUPPORTED_VERSION, 1);
    awaitCounted("mqtt", Reason.UNKNOWN_TYPE, 1);
    awaitCounted("mqtt", Reason.UNKNOWN_DEVICE, 1);
    awaitCounted("mqtt", Reason.FACILITY_MISMATCH, 1);
    awaitCounted("mqtt", Reason.UNAUTHORIZED, 1);
    awaitCounted("mqtt", Reason.TOO_LARGE, 1);
    awaitCounted("mqtt", Reason.RATE_LIMITED, 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> node.mqtt().unacknowledged() == 0);
  }

  @Test
  void coap_everyReason_answeredInCoapTermsAndCounted() throws Exception {
    try (TestCoapClient plain = TestCoapClient.plain(node.coap().plainAddress().orElseThrow());
        TestCoapClient dtls =
            TestCoapClient.dtls(node.coap().dtlsAddress().orElseThrow(), fa + "-pb", PSK_A)) {
      assertCoap(
          plain.post(new byte[] {(byte) 0xff, 0x00}, 60), ResponseCode.BAD_REQUEST, "malformed");
      assertCoap(
          plain.post(json("{\"v\":2,\"dev\":\"x\",\"seq\":1,\"type\":\"panic\"}"), 50),
          ResponseCode.BAD_REQUEST,
          "unsupported_version");
      assertCoap(
          plain.post(json("{\"v\":1,\"dev\":\"" + fa + "-pb\",\"seq\":9,\"type\":\"boom\"}"), 50),
          ResponseCode.BAD_REQUEST,
          "unknown_type");
      assertCoap(
          plain.post(event("ghost", EventType.PANIC), 50),
          ResponseCode.BAD_REQUEST,
          "unknown_device");
      assertCoap(
          dtls.post(event(fa + "-pir", EventType.MOTION), 50),
          ResponseCode.UNAUTHORIZED,
          "unauthorized");
      assertCoap(plain.post(tooLarge(), 50), ResponseCode.REQUEST_ENTITY_TOO_LARGE, "too_large");
      CoapResponse last = null;
      for (int i = 0; i < 4; i++) {
        last = plain.post(event(fa + "-pir", EventType.MOTION), 50);
      }
      assertCoap(last, ResponseCode.TOO_MANY_REQUESTS, "rate_limited");
      assertCoap(dtls.post(event(fa + "-pb", EventType.PANIC), 50), ResponseCode.CHANGED, "");
    }

    for (Reason r :
        new Reason[] {
          Reason.MALFORMED,
          Reason.UNSUPPORTED_VERSION,
          Reason.UNKNOWN_TYPE,
          Reason.UNKNOWN_DEVICE,
          Reason.UNAUTHORIZED,
          Reason.TOO_LARGE,
          Reason.RATE_LIMITED
        }) {
      awaitCounted("coap", r, 1);
    }
  }

  private static void assertCoap(CoapResponse r, ResponseCode code, String diagnosticPrefix) {
    assertThat(r).as("a response").isNotNull();
    assertThat(r.getCode()).isEqualTo(code);
    assertThat(r.getResponseText()).startsWith(diagnosticPrefix);
  }

  @Test
  void http_everyReason_answeredInHttpTermsAndCounted() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create("http://127.0.0.1:" + node.httpPort() + Topics.HTTP_EVENTS_PATH);

    assertHttp(client, uri, null, event(fa + "-pb", EventType.PANIC), 401, "unauthorized");
    assertHttp(
        client, uri, "no-such-token", event(fa + "-pb", EventType.PANIC), 401, "unauthorized");
    assertHttp(client, uri, "token-a", event(fa + "-pir", EventType.MOTION), 401, "unauthorized");
    assertHttp(client, uri, "token-a", new byte[] {'{', 'x'}, 400, "malformed");
    assertHttp(
        client,
        uri,
        "token-a",
        json("{\"v\":2,\"dev\":\"x\",\"seq\":1,\"type\":\"panic\"}"),
        400,
        "unsupported_version");
    assertHttp(
        client,
        uri,
        "token-a",
        json("{\"v\":1,\"dev\":\"" + fa + "-pb\",\"seq\":9,\"type\":\"boom\"}"),
        400,
        "unknown_type");
    assertHttp(client, uri, "token-a", event("ghost", EventType.PANIC), 400, "unknown_device");
    assertHttp(client, uri, "token-a", tooLarge(), 413, "too_large");
    for (int i = 0; i < 3; i++) {
      assertHttp(client, uri, "token-pir", event(fa + "-pir", EventType.MOTION), 202, null);
    }
    assertHttp(client, uri, "token-pir", event(fa + "-pir", EventType.MOTION), 429, "rate_limited");
    assertHttp(client, uri, "token-a", event(fa + "-pb", EventType.PANIC), 202, null);

    awaitCounted("http", Reason.UNAUTHORIZED, 3);
    for (Reason r :
        new Reason[] {
          Reason.MALFORMED,
          Reason.UNSUPPORTED_VERSION,
          Reason.UNKNOWN_TYPE,
          Reason.UNKNOWN_DEVICE,
          Reason.TOO_LARGE,
          Reason.RATE_LIMITED
        }) {
      awaitCounted("http", r, 1);
    }
  }

  private static void assertHttp(
      HttpClient client, URI uri, String token, byte[] body, int status, String reason)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    if (reason != null) {
      assertThat(r.body()).contains("\"reason\":\"" + reason + "\"");
    }
  }
}
