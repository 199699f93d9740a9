package anxin.ingest.coap;

import anxin.ingest.DeviceRegistry;
import anxin.ingest.Ingest;
import anxin.ingest.Receipt;
import anxin.ingest.Sender;
import anxin.ingest.Submission;
import anxin.ingest.Transport;
import anxin.protocol.Format;
import anxin.protocol.Limits;
import anxin.protocol.Reason;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/events} (DESIGN §3): checks what the transport can check (Content-Format, size,
 * DTLS identity), submits the payload to the pipeline and answers from the receipt. Never blocks a
 * Californium thread: the answer is sent from the receipt's callback or the timeout. Other methods
 * get Californium's 4.05.
 */
final class EventsResource extends CoapResource {

  private static final Logger LOG = LoggerFactory.getLogger(EventsResource.class);

  /**
   * When a Confirmable request still has no answer after this long, it is acknowledged and answered
   * separately: below the 2 s {@code ACK_TIMEOUT} after which a device retransmits (RFC 7252 §4.8).
   */
  static final Duration ACKNOWLEDGE_AFTER = Duration.ofSeconds(1);

  private final anxin.ingest.pipeline.IngestMetrics metrics;
  private final Ingest ingest;
  private final DeviceRegistry registry;
  private final Clock clock;
  private final Duration responseTimeout;
  private final ScheduledExecutorService timer;
  private final Map<Endpoint, Boolean> secureEndpoints = new ConcurrentHashMap<>();

  EventsResource(
      Ingest ingest,
      DeviceRegistry registry,
      Clock clock,
      Duration responseTimeout,
      ScheduledExecutorService timer,
      anxin.ingest.pipeline.IngestMetrics metrics) {
    super("events");
    this.metrics = metrics;
    this.ingest = ingest;
    this.registry = registry;
    this.clock = clock;
    this.responseTimeout = responseTimeout;
    this.timer = timer;
    getAttributes().setTitle("Anxin events (wire contract v1)");
    getAttributes().addContentType(Format.JSON.coapContentFormat());
    getAttributes().addContentType(Format.CBOR.coapContentFormat());
  }

  @Override
  public void handlePOST(CoapExchange exchange) {
    PendingResponse pending = new PendingResponse(exchange);
    try {
      receive(exchange, pending);
    } catch (RuntimeException e) {
      fail(exchange, pending, e);
    }
  }

  private void receive(CoapExchange exchange, PendingResponse pending) {
    int contentFormat = exchange.getRequestOptions().getContentFormat();
    if (contentFormat != MediaTypeRegistry.UNDEFINED
        && contentFormat != Format.JSON.coapContentFormat()
        && contentFormat != Format.CBOR.coapContentFormat()) {
      refuse(exchange, pending, CoapReply.unsupportedContentFormat(contentFormat));
      return;
    }
    byte[] payload = exchange.getRequestPayload();
    if (payload.length > Limits.MAX_MESSAGE_BYTES) {
      // Block-wise bodies over the limit never get here (Californium's MAX_RESOURCE_BODY_SIZE);
      // this guards a single oversized datagram.
      refuse(exchange, pending, CoapReply.tooLarge());
      return;
    }
    Optional<Sender> sender = sender(exchange.advanced());
    if (sender.isEmpty()) {
      refuse(exchange, pending, CoapReply.rejected(Reason.UNAUTHORIZED, "device not provisioned"));
      return;
    }
    Submission submission =
        new Submission(Transport.COAP, sender.get(), payload, clock.instant(), System.nanoTime());
    CompletableFuture<Receipt> receipt = ingest.submit(submission);
    if (receipt == null) {
      throw new IllegalStateException("Ingest.submit returned null");
    }
    if (!receipt.isDone()) {
      pending.startClocks(timer, ACKNOWLEDGE_AFTER, responseTimeout);
    }
    receipt.whenComplete((r, failure) -> complete(exchange, pending, r, failure));
  }

  /**
   * Who sent the request: over DTLS the device whose PSK identity the handshake proved (still
   * provisioned), over plain CoAP nobody in particular. Empty when it must be refused.
   */
  private Optional<Sender> sender(Exchange exchange) {
    Principal peer = exchange.getRequest().getSourceContext().getPeerIdentity();
    if (peer instanceof PreSharedKeyIdentity psk) {
      return registry.find(psk.getIdentity()).map(Sender.AuthenticatedDevice::new);
    }
    if (peer == null && !isSecure(exchange.getEndpoint())) {
      return Optional.of(new Sender.Unauthenticated());
    }
    return Optional.empty();
  }

  /**
   * Whether an endpoint serves a secure scheme, asked once per endpoint: {@code getUri()} builds a
   * new {@link java.net.URI} on every call, which showed in the request path's profile.
   */
  private boolean isSecure(Endpoint endpoint) {
    return secureEndpoints.computeIfAbsent(
        endpoint, e -> CoAP.isSecureScheme(e.getUri().getScheme()));
  }

  private void complete(
      CoapExchange exchange, PendingResponse pending, Receipt receipt, Throwable failure) {
    try {
      if (failure != null) {
        fail(exchange, pending, failure);
        return;
      }
      CoapReply reply = CoapReply.of(receipt);
      if (pending.answer(reply) && reply.code().isClientError()) {
        LOG.debug(
            "CoAP request from {} rejected: {} {}",
            exchange.getSourceSocketAddress(),
            reply.code(),
            reply.diagnostic());
      }
    } catch (RuntimeException e) {
      fail(exchange, pending, e);
    }
  }

  private void refuse(CoapExchange exchange, PendingResponse pending, CoapReply reply) {
    String wire = reply.diagnostic() == null ? "" : reply.diagnostic().split(":", 2)[0];
    Reason.fromWireName(wire).ifPresent(r -> metrics.rejected(anxin.ingest.Transport.COAP, r));
    LOG.debug(
        "CoAP request from {} refused: {} {}",
        exchange.getSourceSocketAddress(),
        reply.code(),
        reply.diagnostic());
    pending.answer(reply);
  }

  /**
   * Last resort: a bug here or in the pipeline answers 5.00 and is logged; the endpoint goes on.
   */
  private static void fail(CoapExchange exchange, PendingResponse pending, Throwable failure) {
    LOG.error("CoAP request from {} failed", exchange.getSourceSocketAddress(), failure);
    try {
      pending.answer(CoapReply.INTERNAL_ERROR);
    } catch (RuntimeException e) {
      LOG.error("CoAP 5.00 answer failed too", e);
    }
  }
}
