package anxin.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.gateway.Source;
import anxin.gateway.local.coap.LocalCoapServer;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Format;
import anxin.protocol.Reason;
import anxin.protocol.codec.EventCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway's CoAP server on a loopback UDP port, with Californium's client. */
class LocalCoapServerTest {

  private final EventCodec codec = new EventCodec();
  private final RecordingIntake intake = new RecordingIntake();
  private final AdapterCounters counters = new AdapterCounters();
  private LocalCoapServer server;
  private CoapEndpoint clientEndpoint;
  private CoapClient client;

  @BeforeEach
  void start() {
    Admission admission = new Admission("home-1", Set.of("pb-1", "door-1"), counters);
    server =
        new LocalCoapServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            admission,
            intake,
            counters);
    server.start();
    clientEndpoint =
        CoapEndpoint.builder().setConfiguration(Configuration.createStandardWithoutFile()).build();
    client =
        new CoapClient("coap://127.0.0.1:" + server.address().getPort() + "/v1/events")
            .setEndpoint(clientEndpoint)
            .setTimeout(5_000L);
  }

  @AfterEach
  void stop() {
    client.shutdown();
    clientEndpoint.destroy();
    server.close();
  }

  private CoapResponse post(byte[] payload, int contentFormat, boolean confirmable)
      throws Exception {
    Request r = Request.newPost();
    r.setConfirmable(confirmable);
    r.setPayload(payload);
    if (contentFormat >= 0) {
      r.getOptions().setContentFormat(contentFormat);
    }
    return client.advanced(r);
  }

  @Test
  void post_panicAsCbor_confirmable_isStoredAndChanged() throws Exception {
    Event panic = Event.of("pb-1", 7, EventType.PANIC);

    CoapResponse r = post(codec.encodeCbor(panic), Format.CBOR.coapContentFormat(), true);

    assertThat(r.getCode()).isEqualTo(ResponseCode.CHANGED);
    assertThat(intake.events()).containsExactly(panic);
    assertThat(intake.stored().get(0).source()).isEqualTo(Source.COAP);
    assertThat(counters.acceptedCount(Source.COAP)).isZero(); // counted by JournalIntake, not here
  }

  @Test
  void post_batchWithOneBadEnvelope_storesTheGoodOnes_countsTheBad() throws Exception {
    String batch =
        "[{\"v\":1,\"dev\":\"door-1\",\"seq\":1,\"type\":\"door_open\"},"
            + "{\"v\":1,\"dev\":\"door-1\",\"seq\":2,\"type\":\"door_exploded\"},"
            + "{\"v\":1,\"dev\":\"stranger\",\"seq\":1,\"type\":\"motion\"}]";

    CoapResponse r = post(batch.getBytes(StandardCharsets.UTF_8), 50, false);

    assertThat(r.getCode()).isEqualTo(ResponseCode.CHANGED);
    assertThat(intake.events()).extracting(Event::seq).containsExactly(1L);
    assertThat(counters.rejectedCount(Source.COAP, Reason.UNKNOWN_TYPE)).isEqualTo(1);
    assertThat(counters.rejectedCount(Source.COAP, Reason.UNKNOWN_DEVICE)).isEqualTo(1);
  }

  @Test
  void post_garbage_is400Malformed_andTheServerGoesOn() throws Exception {
    CoapResponse bad = post(new byte[] {(byte) 0xff, 0x00, 0x13}, 60, true);
    CoapResponse unknown = post(codec.encodeJson(Event.of("nobody", 1, EventType.FALL)), 50, true);
    CoapResponse wrongFormat = post("hello".getBytes(StandardCharsets.UTF_8), 0, true);
    CoapResponse good = post(codec.encodeJson(Event.of("pb-1", 8, EventType.FALL)), 50, true);

    assertThat(bad.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
    assertThat(bad.getResponseText()).startsWith("malformed");
    assertThat(unknown.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
    assertThat(unknown.getResponseText()).startsWith("unknown_device");
    assertThat(wrongFormat.getCode()).isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
    assertThat(good.getCode()).isEqualTo(ResponseCode.CHANGED);
    assertThat(counters.rejectedCount(Source.COAP, Reason.MALFORMED)).isEqualTo(2);
    assertThat(intake.events()).extracting(Event::seq).containsExactly(8L);
  }

  @Test
  void post_journalFailing_is503_soTheDeviceRetries() throws Exception {
    intake.failing(true);

    CoapResponse r = post(codec.encodeJson(Event.of("pb-1", 9, EventType.PANIC)), 50, true);

    assertThat(r.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
    assertThat(counters.errorCount(Source.COAP)).isEqualTo(1);
  }

  @Test
  void post_anotherFacilitysDeviceIsNotOurs_emptyBatchIsFine() throws Exception {
    CoapResponse empty = post("[]".getBytes(StandardCharsets.UTF_8), 50, true);
    assertThat(empty.getCode()).isEqualTo(ResponseCode.CHANGED);
    assertThat(intake.events()).isEqualTo(List.of());
  }
}
