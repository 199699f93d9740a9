package anxin.protocol.sim.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import anxin.protocol.DecodeResult;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Format;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.sim.EventSink;
import anxin.protocol.sim.SimulatedDevice;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator's CoAP client against a bare Californium server on loopback. */
class CoapEventSinkIT {

  private record Post(boolean confirmable, int contentFormat, byte[] payload) {}

  private final List<Post> posts = new CopyOnWriteArrayList<>();
  private volatile CoAP.ResponseCode answer = CoAP.ResponseCode.CHANGED;
  private CoapServer server;
  private String baseUri;

  @BeforeEach
  void startServer() {
    CoapConfig.register();
    UdpConfig.register();
    server = new CoapServer(Configuration.createStandardWithoutFile());
    CoapEndpoint endpoint =
        CoapEndpoint.builder()
            .setConfiguration(Configuration.createStandardWithoutFile())
            .setInetSocketAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .build();
    server.addEndpoint(endpoint);
    server.add(
        new CoapResource("v1")
            .add(
                new CoapResource("events") {
                  @Override
                  public void handlePOST(CoapExchange exchange) {
                    posts.add(
                        new Post(
                            exchange.advanced().getRequest().isConfirmable(),
                            exchange.getRequestOptions().getContentFormat(),
                            exchange.getRequestPayload()));
                    exchange.respond(answer);
                  }
                }));
    server.start();
    baseUri = "coap://127.0.0.1:" + endpoint.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    server.destroy();
  }

  private static SimulatedDevice device() {
    return new SimulatedDevice(
        "pb-1",
        "home-1",
        anxin.protocol.sim.DeviceKind.PANIC_BUTTON,
        1,
        Duration.ofMinutes(5),
        7,
        90,
        -60);
  }

  @Test
  void send_alarmIsConfirmableAndRoutineIsNot_withContentFormatAndDecodablePayload() {
    SimulatedDevice d = device();
    Event panic = d.emit(EventType.PANIC, Instant.parse("2026-11-28T18:13:00Z"), Map.of());
    Event heartbeat = d.emit(EventType.HEARTBEAT, Instant.parse("2026-11-28T18:14:00Z"), Map.of());

    try (EventSink sink = new CoapEventSink(baseUri, Format.CBOR)) {
      sink.send(d, panic);
      sink.send(d, heartbeat);
    }

    assertThat(posts).hasSize(2);
    assertThat(posts.get(0).confirmable()).isTrue();
    assertThat(posts.get(1).confirmable()).isFalse();
    assertThat(posts).allMatch(p -> p.contentFormat() == 60);
    EventCodec codec = new EventCodec();
    DecodeResult first = codec.decode(posts.get(0).payload());
    assertThat(first.events()).containsExactly(panic);
    assertThat(codec.decode(posts.get(1).payload()).events()).containsExactly(heartbeat);
  }

  @Test
  void send_serverAnswersBadRequest_failsNamingTheCode() {
    answer = CoAP.ResponseCode.BAD_REQUEST;
    SimulatedDevice d = device();
    Event panic = d.emit(EventType.PANIC, Instant.parse("2026-11-28T18:13:00Z"), Map.of());

    try (EventSink sink = new CoapEventSink(baseUri, Format.JSON)) {
      assertThatThrownBy(() -> sink.send(d, panic))
          .isInstanceOf(EventSink.SinkException.class)
          .hasMessageContaining("4.00");
    }
    assertThat(posts).singleElement().extracting(Post::contentFormat).isEqualTo(50);
  }
}
