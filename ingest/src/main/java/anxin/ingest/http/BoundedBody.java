package anxin.ingest.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Collects a request body in memory up to a limit, whatever its framing ({@code Content-Length} or
 * chunked). Past the limit it stops keeping bytes and reports once; the caller answers 413 and
 * closes the connection. Vert.x Web's {@code BodyHandler} is not used: it also sets up multipart
 * file uploads (a directory on disk, created with a blocking call) that this endpoint never takes.
 */
final class BoundedBody implements Handler<Buffer> {

  private final int limit;
  private final Buffer body;
  private final Handler<Buffer> onBody;
  private final Runnable onTooLarge;
  private boolean tooLarge;

  private BoundedBody(int limit, int expected, Handler<Buffer> onBody, Runnable onTooLarge) {
    this.limit = limit;
    this.body = Buffer.buffer(expected);
    this.onBody = onBody;
    this.onTooLarge = onTooLarge;
  }

  /**
   * Starts reading; must be called from the request handler, before the first chunk arrives.
   *
   * @param expected the declared Content-Length (at most {@code limit}), or -1 when chunked
   * @param onBody called once with the whole body, when it fits
   * @param onTooLarge called once, as soon as the body exceeds {@code limit} bytes
   * @param onError called when the connection fails mid-body (the client went away)
   */
  static void read(
      HttpServerRequest request,
      int limit,
      long expected,
      Handler<Buffer> onBody,
      Runnable onTooLarge,
      Handler<Throwable> onError) {
    int initial = expected >= 0 ? (int) expected : 1024;
    BoundedBody reader = new BoundedBody(limit, initial, onBody, onTooLarge);
    request.exceptionHandler(onError);
    request.handler(reader);
    request.endHandler(v -> reader.end());
  }

  @Override
  public void handle(Buffer chunk) {
    if (tooLarge) {
      return; // discarded until the connection closes
    }
    if ((long) body.length() + chunk.length() > limit) {
      tooLarge = true;
      onTooLarge.run();
      return;
    }
    body.appendBuffer(chunk);
  }

  private void end() {
    if (!tooLarge) {
      onBody.handle(body);
    }
  }
}
