package anxin.gateway.local.coap;

import anxin.gateway.AdapterMetrics;
import anxin.gateway.Intake;
import anxin.gateway.JournalFullException;
import anxin.gateway.Source;
import anxin.gateway.local.Admission;
import anxin.protocol.Format;
import anxin.protocol.Limits;
import anxin.protocol.Reason;
import java.io.IOException;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/events} (DESIGN §3) on the gateway. Answers after the journal's fsync: {@code
 * 2.04} when an envelope was stored (the others' rejections are counted); otherwise the first
 * rejection, {@code 4.01} for {@code unauthorized}, {@code 4.13} for {@code too_large}, {@code
 * 4.00} with the reason as diagnostic payload for the rest; {@code 5.03} when the journal failed
 * (the device retries); {@code 4.15} for a Content-Format other than 50 or 60.
 */
final class EventsResource extends CoapResource {

  private static final Logger log = LoggerFactory.getLogger(EventsResource.class);

  private final Admission admission;
  private final Intake intake;
  private final AdapterMetrics metrics;

  EventsResource(Admission admission, Intake intake, AdapterMetrics metrics) {
    super("events");
    this.admission = admission;
    this.intake = intake;
    this.metrics = metrics;
    getAttributes().addContentType(Format.JSON.coapContentFormat());
    getAttributes().addContentType(Format.CBOR.coapContentFormat());
  }

  @Override
  public void handlePOST(CoapExchange exchange) {
    try {
      receive(exchange);
    } catch (RuntimeException e) {
      metrics.error(Source.COAP);
      log.error("coap: request failed", e);
      exchange.respond(ResponseCode.INTERNAL_SERVER_ERROR, "internal error");
    }
  }

  private void receive(CoapExchange exchange) {
    int cf = exchange.getRequestOptions().getContentFormat();
    if (cf != MediaTypeRegistry.UNDEFINED
        && cf != Format.JSON.coapContentFormat()
        && cf != Format.CBOR.coapContentFormat()) {
      metrics.rejected(Source.COAP, Reason.MALFORMED);
      exchange.respond(ResponseCode.UNSUPPORTED_CONTENT_FORMAT, "content-format 50 or 60");
      return;
    }
    byte[] payload = exchange.getRequestPayload();
    if (payload.length > Limits.MAX_MESSAGE_BYTES) {
      metrics.rejected(Source.COAP, Reason.TOO_LARGE);
      exchange.respond(ResponseCode.REQUEST_ENTITY_TOO_LARGE, Reason.TOO_LARGE.wireName());
      return;
    }
    Admission.Result r = admission.direct(Source.COAP, payload);
    if (!r.events().isEmpty()) {
      try {
        intake.accept(Source.COAP, r.events());
      } catch (JournalFullException e) {
        metrics.error(Source.COAP);
        log.warn("coap: {}; answering 5.03", e.getMessage());
        exchange.setMaxAge(5);
        exchange.respond(ResponseCode.SERVICE_UNAVAILABLE, "busy");
        return;
      } catch (IOException e) {
        metrics.error(Source.COAP);
        log.error("coap: journal failed; answering 5.03", e);
        exchange.setMaxAge(5);
        exchange.respond(ResponseCode.SERVICE_UNAVAILABLE, "busy");
        return;
      }
      exchange.respond(ResponseCode.CHANGED);
      return;
    }
    if (r.rejections().isEmpty()) {
      exchange.respond(ResponseCode.CHANGED); // an empty batch: nothing to store, nothing wrong
      return;
    }
    Admission.Rejection first = r.rejections().get(0);
    String diagnostic = first.reason().wireName() + ": " + first.detail();
    if (diagnostic.length() > 100) {
      diagnostic = diagnostic.substring(0, 100);
    }
    ResponseCode code =
        switch (first.reason()) {
          case UNAUTHORIZED -> ResponseCode.UNAUTHORIZED;
          case TOO_LARGE -> ResponseCode.REQUEST_ENTITY_TOO_LARGE;
          case RATE_LIMITED -> ResponseCode.TOO_MANY_REQUESTS;
          default -> ResponseCode.BAD_REQUEST;
        };
    exchange.respond(code, diagnostic);
  }
}
