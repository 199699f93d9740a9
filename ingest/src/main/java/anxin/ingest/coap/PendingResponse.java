package anxin.ingest.coap;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request waiting for its answer. The answer is sent exactly once, by whoever comes first: the
 * receipt's callback, the response timeout, or the last-resort error handler. Every method returns
 * at once; Californium hands the sending to its own executor.
 */
final class PendingResponse {

  private static final Logger LOG = LoggerFactory.getLogger(PendingResponse.class);

  private final CoapExchange exchange;
  private boolean answered;
  private ScheduledFuture<?> clock; // the next of: empty ACK, then the 5.03 timeout

  PendingResponse(CoapExchange exchange) {
    this.exchange = exchange;
  }

  /**
   * Starts the clocks of a request whose receipt is not there yet: after {@code acknowledgeAfter} a
   * Confirmable request gets an empty ACK, so the device stops retransmitting and the answer
   * follows as a separate response (RFC 7252 §5.2.2); after {@code responseTimeout} it is answered
   * 5.03. One timer task at a time: the acknowledgement schedules the timeout for the rest, so a
   * request answered in time (nearly all) costs one schedule and one cancel.
   */
  synchronized void startClocks(
      ScheduledExecutorService timer, Duration acknowledgeAfter, Duration responseTimeout) {
    if (answered) {
      return;
    }
    if (exchange.advanced().getRequest().getType() == CoAP.Type.CON
        && acknowledgeAfter.compareTo(responseTimeout) < 0) {
      long rest = responseTimeout.minus(acknowledgeAfter).toNanos();
      clock =
          timer.schedule(
              () -> acknowledgeThenWait(timer, rest),
              acknowledgeAfter.toNanos(),
              TimeUnit.NANOSECONDS);
    } else {
      clock = timer.schedule(this::timeOut, responseTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Sends {@code reply} unless an answer was already sent.
   *
   * @return whether this call sent it
   */
  synchronized boolean answer(CoapReply reply) {
    if (answered) {
      return false;
    }
    answered = true;
    if (clock != null) {
      clock.cancel(false);
    }
    Response response = new Response(reply.code());
    if (reply.diagnostic() != null) {
      response.setPayload(reply.diagnostic());
      response.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
    }
    if (reply.maxAgeSeconds() != null) {
      response.getOptions().setMaxAge(reply.maxAgeSeconds());
    }
    exchange.respond(response);
    return true;
  }

  private void timeOut() {
    if (answer(CoapReply.BUSY)) {
      LOG.debug(
          "CoAP request from {}: no receipt in time, answered 5.03",
          exchange.getSourceSocketAddress());
    }
  }

  private synchronized void acknowledgeThenWait(ScheduledExecutorService timer, long restNanos) {
    if (!answered) {
      exchange.accept();
      clock = timer.schedule(this::timeOut, restNanos, TimeUnit.NANOSECONDS);
    }
  }
}
