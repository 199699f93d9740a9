package anxin.ingest.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * Ends a request that was answered before its body was read, without cutting off the answer.
 * Closing a socket with unread data makes TCP send a reset, which can destroy the answer in the
 * client's receive buffer before the client reads it; so the rest of the body is read and discarded
 * for a while first (the staged close of RFC 9112 §9.6). A client that finishes its upload within
 * the bounds reads the answer; one that sends more, or for longer, is cut off: HTTP/1.1 by closing
 * the connection, HTTP/2 by resetting the stream ({@code CANCEL}, RFC 9113 §8.1), which leaves the
 * connection's other streams alone.
 */
final class Linger {

  /** Most body bytes read and discarded after the answer. */
  static final long MAX_BYTES = 1 << 20;

  /** Longest time the request may go on after the answer was sent, in milliseconds. */
  static final long MAX_MILLIS = 5_000;

  private static final long HTTP2_CANCEL = 0x8;

  private final Vertx vertx;
  private final HttpServerRequest request;
  private long discarded;
  private long timer = -1;
  private boolean done;

  private Linger(Vertx vertx, HttpServerRequest request) {
    this.vertx = vertx;
    this.request = request;
  }

  /**
   * Discards the rest of {@code request}'s body from now on; once {@code sent} completed, closes
   * the HTTP/1.1 connection when the body ended, or cuts the request off when a bound is reached.
   * Call on the request's event loop.
   */
  static void thenEnd(Vertx vertx, HttpServerRequest request, Future<Void> sent) {
    Linger linger = new Linger(vertx, request);
    if (request.isEnded()) {
      sent.onComplete(x -> linger.cutOff());
      return;
    }
    request.handler(linger::discard);
    request.endHandler(v -> sent.onComplete(x -> linger.cutOff()));
    sent.onComplete(
        x -> {
          if (!linger.done) {
            linger.timer = vertx.setTimer(MAX_MILLIS, id -> linger.cutOff());
          }
        });
  }

  private void discard(Buffer chunk) {
    discarded += chunk.length();
    if (discarded > MAX_BYTES) {
      cutOff();
    }
  }

  private void cutOff() {
    if (done) {
      return;
    }
    done = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (request.version() == HttpVersion.HTTP_2) {
      if (!request.isEnded()) {
        request.response().reset(HTTP2_CANCEL);
      }
    } else {
      request.connection().close(); // the answer said Connection: close
    }
  }
}
