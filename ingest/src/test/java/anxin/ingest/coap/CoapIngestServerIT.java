package anxin.ingest.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import anxin.ingest.Device;
import anxin.ingest.Sender;
import anxin.ingest.Submission;
import anxin.ingest.Transport;
import anxin.ingest.registry.InMemoryDeviceRegistry;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Format;
import anxin.protocol.Reason;
import anxin.protocol.codec.EventCodec;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.scandium.dtls.DtlsHandshakeTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The CoAP endpoint on loopback, driven by Californium clients, with a fake pipeline. */
class CoapIngestServerIT {

  static final int JSON = Format.JSON.coapContentFormat();
  static final int CBOR = Format.CBOR.coapContentFormat();
  static final Instant NOW = Instant.parse("2026-11-29T21:30:00Z");
  static final Device PANIC_BUTTON =
      new Device("pb-101", "sunny-home", "panic_button", "101", "r-17", Duration.ofMinutes(5));
  static final Device FALL_SENSOR =
      new Device("fs-102", "sunny-home", "fall_sensor", "102", "r-18", Duration.ofMinutes(5));
  static final byte[] KEY = "pb-101-secret-key".getBytes(StandardCharsets.UTF_8);

  final EventCodec codec = new EventCodec();
  final RecordingIngest ingest = new RecordingIngest();
  final InMemoryDeviceRegistry registry =
      new InMemoryDeviceRegistry().put(PANIC_BUTTON).put(FALL_SENSOR).psk("pb-101", KEY);
  CoapIngestServer server;

  @BeforeEach
  void startServer() {
    server = start(Duration.ofSeconds(10));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  CoapIngestServer start(Duration responseTimeout) {
    CoapIngestConfig config =
        CoapIngestConfig.defaults()
            .withBindAddress(InetAddress.getLoopbackAddress())
            .withPlain(0)
            .withDtlsPort(0)
            .withResponseTimeout(responseTimeout);
    CoapIngestServer s =
        new CoapIngestServer(config, ingest, registry, Clock.fixed(NOW, ZoneOffset.UTC));
    s.start();
    return s;
  }

  TestCoapClient plainClient() {
    return TestCoapClient.plain(server.plainAddress().orElseThrow());
  }

  byte[] panic() {
    return codec.encodeJson(Event.of("pb-101", 7, EventType.PANIC));
  }

  @Nested
  class Plain {

    @Test
    void post_json_answersChangedAndSubmitsThePayloadUnauthenticated() throws Exception {
      byte[] payload = panic();
      CoapResponse response;
      try (TestCoapClient client = plainClient()) {
        response = client.post(payload, JSON);
      }

      assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
      assertThat(response.getPayload()).isEmpty();
      Submission submission = ingest.next();
      assertThat(submission.transport()).isEqualTo(Transport.COAP);
      assertThat(submission.sender()).isEqualTo(new Sender.Unauthenticated());
      assertThat(submission.payload()).isEqualTo(payload);
      assertThat(submission.receivedAt()).isEqualTo(NOW);
    }

    @Test
    void post_cbor_answersChanged() throws Exception {
      byte[] payload = codec.encodeCbor(Event.of("pb-101", 8, EventType.FALL));
      try (TestCoapClient client = plainClient()) {
        assertThat(client.post(payload, CBOR).getCode()).isEqualTo(ResponseCode.CHANGED);
      }
      assertThat(ingest.next().payload()).isEqualTo(payload);
    }

    @Test
    void post_withoutContentFormat_isSubmittedForTheCodecToSniff() throws Exception {
      try (TestCoapClient client = plainClient()) {
        assertThat(client.post(panic(), MediaTypeRegistry.UNDEFINED).getCode())
            .isEqualTo(ResponseCode.CHANGED);
      }
      assertThat(ingest.next().payload()).isEqualTo(panic());
    }

    @ParameterizedTest
    @ValueSource(ints = {MediaTypeRegistry.TEXT_PLAIN, MediaTypeRegistry.APPLICATION_OCTET_STREAM})
    void post_otherContentFormat_answers415WithoutSubmitting(int contentFormat) throws Exception {
      CoapResponse response;
      try (TestCoapClient client = plainClient()) {
        response = client.post(panic(), contentFormat);
      }

      assertThat(response.getCode()).isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
      assertThat(response.getResponseText()).startsWith("malformed: content-format");
      assertThat(ingest.remaining()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
        value = CoAP.Code.class,
        names = {"GET", "PUT", "DELETE", "FETCH", "PATCH"})
    void otherMethods_answer405(CoAP.Code method) throws Exception {
      Request request = new Request(method);
      if (method != CoAP.Code.GET && method != CoAP.Code.DELETE) {
        request.setPayload(panic());
      }
      try (TestCoapClient client = plainClient()) {
        assertThat(client.send(request).getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
      }
      assertThat(ingest.remaining()).isEmpty();
    }

    @Test
    void post_duplicate_answersChanged() throws Exception {
      ingest.answering(Receipts.duplicate());
      try (TestCoapClient client = plainClient()) {
        assertThat(client.post(panic(), JSON).getCode()).isEqualTo(ResponseCode.CHANGED);
      }
    }

    @Test
    void post_batchWithSomeRejected_answersChanged() throws Exception {
      ingest.answering(
          Receipts.of(
              Receipts.outcome(0, anxin.ingest.Outcome.Status.ACCEPTED),
              Receipts.rejection(1, Reason.UNKNOWN_TYPE, "type: teleport")));
      try (TestCoapClient client = plainClient()) {
        assertThat(client.post(panic(), JSON).getCode()).isEqualTo(ResponseCode.CHANGED);
      }
    }

    @Test
    void post_busy_answers503WithMaxAge() throws Exception {
      ingest.answering(Receipts.busy());
      CoapResponse response;
      try (TestCoapClient client = plainClient()) {
        response = client.post(panic(), JSON);
      }

      assertThat(response.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
      assertThat(response.getOptions().getMaxAge()).isEqualTo(CoapReply.RETRY_AFTER_SECONDS);
    }

    @Test
    void post_rateLimited_answers429WithReasonAndMaxAge() throws Exception {
      ingest.answering(Receipts.rejected(Reason.RATE_LIMITED, null));
      CoapResponse response;
      try (TestCoapClient client = plainClient()) {
        response = client.post(panic(), JSON);
      }

      assertThat(response.getCode()).isEqualTo(ResponseCode.TOO_MANY_REQUESTS);
      assertThat(response.getResponseText()).isEqualTo("rate_limited");
      assertThat(response.getOptions().getMaxAge()).isEqualTo(CoapReply.RETRY_AFTER_SECONDS);
    }

    @ParameterizedTest
    @CsvSource({
      "MALFORMED, BAD_REQUEST",
      "UNSUPPORTED_VERSION, BAD_REQUEST",
      "UNKNOWN_TYPE, BAD_REQUEST",
      "UNKNOWN_DEVICE, BAD_REQUEST",
      "FACILITY_MISMATCH, BAD_REQUEST",
      "UNAUTHORIZED, UNAUTHORIZED",
      "TOO_LARGE, REQUEST_ENTITY_TOO_LARGE"
    })
    void post_rejected_answersTheCodeWithTheReasonAsDiagnostic(Reason reason, ResponseCode code)
        throws Exception {
      ingest.answering(Receipts.rejected(reason, "seq: must be 0..4294967295"));
      CoapResponse response;
      try (TestCoapClient client = plainClient()) {
        response = client.post(panic(), JSON);
      }

      assertThat(response.getCode()).isEqualTo(code);
      assertThat(response.getResponseText())
          .isEqualTo(reason.wireName() + ": seq: must be 0..4294967295");
      assertThat(response.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.TEXT_PLAIN);
    }

    @Test
    void post_receiptNeverCompletes_answers503AfterTheTimeout() throws Exception {
      server.close();
      server = start(Duration.ofMillis(300));
      ingest.answeringLater();
      CoapResponse response;
      long start = System.nanoTime();
      try (TestCoapClient client = plainClient()) {
        response = client.post(panic(), JSON);
      }

      assertThat(response.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
      assertThat(response.getOptions().getMaxAge()).isEqualTo(CoapReply.RETRY_AFTER_SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void post_slowReceipt_isAcknowledgedThenAnsweredSeparately() throws Exception {
      ingest.answeringLater();
      CountDownLatch acknowledged = new CountDownLatch(1);
      Request request = TestCoapClient.newPost(panic(), JSON);
      request.addMessageObserver(
          new MessageObserverAdapter() {
            @Override
            public void onAcknowledgement() {
              acknowledged.countDown();
            }
          });
      try (TestCoapClient client = plainClient()) {
        Thread completer =
            new Thread(
                () -> {
                  try {
                    var receipt = ingest.nextPending();
                    if (acknowledged.await(10, TimeUnit.SECONDS)) {
                      receipt.complete(Receipts.accepted());
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        completer.start();
        CoapResponse response = client.send(request);
        completer.join(TimeUnit.SECONDS.toMillis(15));

        assertThat(acknowledged.getCount()).as("empty ACK received").isZero();
        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(response.advanced().getType()).isEqualTo(CoAP.Type.CON); // separate response
      }
    }

    @Test
    void post_submitThrows_answers500AndTheEndpointGoesOn() throws Exception {
      ingest.throwing(new IllegalStateException("bug in the pipeline"));
      try (TestCoapClient client = plainClient()) {
        assertThat(client.post(panic(), JSON).getCode())
            .isEqualTo(ResponseCode.INTERNAL_SERVER_ERROR);

        ingest.answering(Receipts.accepted());
        assertThat(client.post(panic(), JSON).getCode()).isEqualTo(ResponseCode.CHANGED);
      }
    }

    @Test
    void post_receiptFails_answers500() throws Exception {
      ingest.failing(new IllegalStateException("writer crashed"));
      try (TestCoapClient client = plainClient()) {
        assertThat(client.post(panic(), JSON).getCode())
            .isEqualTo(ResponseCode.INTERNAL_SERVER_ERROR);
      }
    }
  }

  @Nested
  class Blockwise {

    @ParameterizedTest
    @ValueSource(ints = {60 * 1024, 64 * 1024})
    void post_upToTheLimit_isAssembledAndSubmittedWhole(int size) throws Exception {
      byte[] payload = body(size);
      CoapResponse response;
      try (TestCoapClient client = plainClient()) {
        response = client.post(payload, JSON);
      }

      assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
      assertThat(ingest.next().payload()).isEqualTo(payload);
    }

    @ParameterizedTest
    @ValueSource(ints = {64 * 1024 + 1, 70 * 1024})
    void post_overTheLimit_answers413TooLargeWithoutSubmitting(int size) throws Exception {
      CoapResponse response;
      try (TestCoapClient client = plainClient()) {
        response = client.post(body(size), JSON);
      }

      assertThat(response.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
      assertThat(response.getResponseText()).isEqualTo("too_large: max. 65536 bytes");
      assertThat(response.getOptions().getSize1()).isEqualTo(65536);
      assertThat(ingest.remaining()).isEmpty();
    }

    private byte[] body(int size) {
      byte[] body = new byte[size];
      Arrays.fill(body, (byte) ' ');
      body[0] = '[';
      body[size - 1] = ']';
      return body;
    }
  }

  @Nested
  class Dtls {

    TestCoapClient dtlsClient(String identity, byte[] key) {
      return TestCoapClient.dtls(server.dtlsAddress().orElseThrow(), identity, key);
    }

    @Test
    void post_rightKey_answersChangedAsTheAuthenticatedDevice() throws Exception {
      try (TestCoapClient client = dtlsClient("pb-101", KEY)) {
        assertThat(client.post(panic(), JSON).getCode()).isEqualTo(ResponseCode.CHANGED);
      }
      assertThat(ingest.next().sender()).isEqualTo(new Sender.AuthenticatedDevice(PANIC_BUTTON));
    }

    @Test
    void handshake_wrongKey_fails() {
      assertHandshakeFails("pb-101", "guessed".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void handshake_unknownDevice_fails() {
      assertHandshakeFails("pb-999", KEY);
    }

    @Test
    void handshake_deviceWithoutKey_fails() {
      assertHandshakeFails("fs-102", KEY);
    }

    @Test
    void post_deviceRemovedAfterHandshake_answers401() throws Exception {
      try (TestCoapClient client = dtlsClient("pb-101", KEY)) {
        assertThat(client.post(panic(), JSON).getCode()).isEqualTo(ResponseCode.CHANGED);
        registry.remove("pb-101");

        CoapResponse response = client.post(panic(), JSON);

        assertThat(response.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        assertThat(response.getResponseText()).isEqualTo("unauthorized: device not provisioned");
      }
    }

    private void assertHandshakeFails(String identity, byte[] key) {
      try (TestCoapClient client =
          TestCoapClient.dtlsGivingUpSoon(server.dtlsAddress().orElseThrow(), identity, key)) {
        // Scandium answers neither a bad Finished (RFC 6347 §4.1.2.7: bad records are dropped)
        // nor an unknown identity: the client's handshake times out.
        assertThatThrownBy(() -> client.post(panic(), JSON))
            .isInstanceOf(IOException.class)
            .hasCauseInstanceOf(DtlsHandshakeTimeoutException.class);
      }
      assertThat(ingest.remaining()).isEmpty();
    }
  }

  @Test
  void start_dtlsPortTaken_throwsAndLeavesNothingRunning() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      CoapIngestConfig config =
          CoapIngestConfig.defaults()
              .withBindAddress(InetAddress.getLoopbackAddress())
              .withPlain(0)
              .withDtlsPort(taken.getLocalPort());
      CoapIngestServer s = new CoapIngestServer(config, ingest, registry);

      assertThatThrownBy(s::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("coaps://127.0.0.1:" + taken.getLocalPort());
      int plainPort = s.plainAddress().orElseThrow().getPort();
      try (DatagramSocket rebound =
          new DatagramSocket(plainPort, InetAddress.getLoopbackAddress())) {
        assertThat(rebound.getLocalPort()).as("plain port freed").isEqualTo(plainPort);
      }
      s.close(); // a second close does no harm
    }
  }

  @Test
  void defaults_serveNoPlainCoap() {
    CoapIngestConfig config =
        CoapIngestConfig.defaults()
            .withBindAddress(InetAddress.getLoopbackAddress())
            .withDtlsPort(0);
    try (CoapIngestServer s = new CoapIngestServer(config, ingest, registry)) {
      s.start();
      assertThat(s.plainAddress()).isEmpty();
      assertThat(s.dtlsAddress())
          .map(InetSocketAddress::getPort)
          .hasValueSatisfying(p -> assertThat(p).isPositive());
    }
  }
}
