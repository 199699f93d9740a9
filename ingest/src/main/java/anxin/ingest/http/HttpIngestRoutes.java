package anxin.ingest.http;

import anxin.ingest.Device;
import anxin.ingest.DeviceRegistry;
import anxin.ingest.Ingest;
import anxin.ingest.Receipt;
import anxin.ingest.Sender;
import anxin.ingest.Submission;
import anxin.ingest.Transport;
import anxin.ingest.pipeline.IngestMetrics;
import anxin.protocol.Limits;
import anxin.protocol.Reason;
import anxin.protocol.topic.Topics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/events} (DESIGN §3 HTTP): authenticates the device by its bearer token, reads
 * at most {@link Limits#MAX_MESSAGE_BYTES} of body, submits it to the {@link Ingest} pipeline and
 * answers the {@link Receipt} as 202, 400, 401, 413, 429 or 503 with a JSON body. Everything runs
 * on the event loop of the request; the pipeline is never waited for, only answered from its
 * future's callback, back on that event loop.
 */
public final class HttpIngestRoutes {

  private static final Logger log = LoggerFactory.getLogger(HttpIngestRoutes.class);

  private final IngestMetrics metrics;
  private final Ingest ingest;
  private final DeviceRegistry registry;
  private final HttpIngestSettings settings;
  private final Clock clock;

  /**
   * @param ingest the pipeline; {@code submit} is called on the event loop and must not block
   * @param registry device lookup by token; called on the event loop, answers from memory
   * @param settings timeouts and retry hints
   * @param clock wall clock for {@link Submission#receivedAt()}
   */
  public HttpIngestRoutes(
      Ingest ingest, DeviceRegistry registry, HttpIngestSettings settings, Clock clock) {
    this(ingest, registry, settings, clock, IngestMetrics.NOOP);
  }

  /**
   * As {@link #HttpIngestRoutes(Ingest, DeviceRegistry, HttpIngestSettings, Clock)}, counting the
   * requests the endpoint refuses itself (before the pipeline sees them) in {@code metrics}.
   */
  public HttpIngestRoutes(
      Ingest ingest,
      DeviceRegistry registry,
      HttpIngestSettings settings,
      Clock clock,
      IngestMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.ingest = Objects.requireNonNull(ingest, "ingest");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Mounts {@code POST /api/v1/events} on {@code router}, and a JSON 405 for every other method of
   * that path (so a route for another method of the same path must be mounted before this). Must
   * also come before any {@code BodyHandler} the router has for this path: the endpoint reads the
   * body itself, and only after the token and headers passed.
   *
   * @return {@code router}
   */
  public Router mount(Router router) {
    router.post(Topics.HTTP_EVENTS_PATH).handler(this::handle).failureHandler(this::failed);
    router
        .route(Topics.HTTP_EVENTS_PATH)
        .handler(ctx -> send(ctx, Answers.methodNotAllowed(ctx.request().method().name())));
    return router;
  }

  private void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Device device = authenticate(ctx);
    if (device == null) {
      return;
    }
    ContentTypes.Declared declared = ContentTypes.of(request.getHeader(HttpHeaders.CONTENT_TYPE));
    if (declared instanceof ContentTypes.Unsupported unsupported) {
      refuse(ctx, device, Answers.malformed(unsupported.detail()));
      return;
    }
    long length = contentLength(request);
    if (length > Limits.MAX_MESSAGE_BYTES) {
      refuse(ctx, device, Answers.tooLarge("Content-Length " + length));
      return;
    }
    if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
      ctx.response().writeContinue(); // RFC 9110 §10.1.1: only now that the headers passed
    }
    BoundedBody.read(
        request,
        Limits.MAX_MESSAGE_BYTES,
        length,
        body -> submit(ctx, device, declared, body),
        () -> refuse(ctx, device, Answers.tooLarge("body")),
        failure -> log.debug("request body from {} failed: {}", device.id(), failure.toString()));
  }

  /** The device the bearer token belongs to, or null after answering 401. */
  private Device authenticate(RoutingContext ctx) {
    BearerToken.Credentials credentials =
        BearerToken.parse(ctx.request().headers().getAll(HttpHeaders.AUTHORIZATION));
    if (credentials instanceof BearerToken.Token token) {
      Device device = registry.findByToken(token.value()).orElse(null);
      if (device != null) {
        return device;
      }
      credentials = new BearerToken.Problem("unknown or revoked device token", true);
    }
    BearerToken.Problem problem = (BearerToken.Problem) credentials;
    log.debug("unauthorized from {}: {}", ctx.request().remoteAddress(), problem.detail());
    refuse(ctx, null, Answers.unauthorized(problem.detail(), problem.invalidToken()));
    return null;
  }

  private void submit(
      RoutingContext ctx, Device device, ContentTypes.Declared declared, Buffer body) {
    byte[] payload = body.getBytes();
    String mismatch = ContentTypes.mismatch(declared, payload);
    if (mismatch != null) {
      refuse(ctx, device, Answers.malformed(mismatch));
      return;
    }
    Submission submission =
        new Submission(
            Transport.HTTP,
            new Sender.AuthenticatedDevice(device),
            payload,
            clock.instant(),
            System.nanoTime());
    Context context = ctx.vertx().getOrCreateContext();
    CompletableFuture<Receipt> receipt;
    try {
      receipt = Objects.requireNonNull(ingest.submit(submission), "Ingest.submit returned null");
    } catch (RuntimeException e) {
      log.error("ingest pipeline failed on a message from {}", device.id(), e);
      send(ctx, Answers.pipelineFailed(settings));
      return;
    }
    Future.fromCompletionStage(receipt, context)
        .timeout(settings.receiptTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .onComplete(
            result -> {
              try {
                send(ctx, answer(device, result.result(), result.cause()));
              } catch (RuntimeException e) {
                ctx.fail(e);
              }
            });
  }

  private Answer answer(Device device, Receipt receipt, Throwable failure) {
    if (failure instanceof TimeoutException) {
      log.debug("no receipt in time for a message from {}", device.id());
      return Answers.timedOut(settings);
    }
    if (failure != null) {
      log.error("ingest pipeline failed on a message from {}", device.id(), failure);
      return Answers.pipelineFailed(settings);
    }
    Answer answer = Answers.of(receipt, settings);
    if (answer.status() != 202) {
      log.debug("answered {} {} to {}", answer.status(), answer.reason(), device.id());
    }
    return answer;
  }

  /**
   * Answers before or instead of reading the whole body. A body of known length within the limit is
   * left for Vert.x to read and discard, so that an HTTP/1.1 connection stays usable; any other
   * (over the limit, or chunked and so unbounded) is cut off after a bounded {@link Linger}, and
   * HTTP/1.1 answers then say {@code Connection: close}.
   */
  private void refuse(RoutingContext ctx, Device device, Answer answer) {
    Reason.fromWireName(answer.reason()).ifPresent(r -> metrics.rejected(Transport.HTTP, r));
    if (device != null) {
      log.debug("refused {} {} from {}", answer.status(), answer.reason(), device.id());
    }
    HttpServerRequest request = ctx.request();
    long length = contentLength(request);
    if (request.isEnded() || (length >= 0 && length <= Limits.MAX_MESSAGE_BYTES)) {
      send(ctx, answer);
      return;
    }
    if (request.version() != HttpVersion.HTTP_2) { // HTTP/2 forbids connection headers
      answer = answer.with(HttpHeaders.CONNECTION.toString(), "close");
    }
    Linger.thenEnd(ctx.vertx(), request, send(ctx, answer));
  }

  private void failed(RoutingContext ctx) {
    log.error("HTTP ingest handler failed", ctx.failure());
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
    } else {
      send(ctx, Answers.internalError());
    }
  }

  private static Future<Void> send(RoutingContext ctx, Answer answer) {
    return answer.sendTo(ctx.response());
  }

  /** The declared Content-Length, or -1 when the body is chunked (or the header unreadable). */
  private static long contentLength(HttpServerRequest request) {
    String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return -1; // Netty refuses such a request before it gets here
    }
  }
}
