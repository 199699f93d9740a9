package anxin.ingest.http;

import anxin.ingest.Outcome;
import anxin.ingest.Receipt;
import anxin.protocol.Limits;
import anxin.protocol.Reason;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** The answers of the events endpoint (DESIGN §3 HTTP), and how a {@link Receipt} maps to one. */
final class Answers {

  /** RFC 6750 §3: every 401 names the scheme; a rejected token adds {@code invalid_token}. */
  static final String CHALLENGE = "Bearer realm=\"anxin\"";

  static final String CHALLENGE_INVALID_TOKEN = CHALLENGE + ", error=\"invalid_token\"";

  private Answers() {}

  /**
   * The answer to a receipt, in this order: anything {@code BUSY} → 503; anything rate-limited →
   * 429 (both with {@code Retry-After}: the sender must retry the whole message, and what was
   * stored then comes back as duplicates); anything stored, or an empty message → 202 with the
   * report; else the first rejection → 401, 413 or 400.
   */
  static Answer of(Receipt receipt, HttpIngestSettings settings) {
    int busy = count(receipt, Outcome.Status.BUSY);
    int n = receipt.outcomes().size();
    if (busy > 0) {
      return Answer.error(
              503,
              Answer.BUSY,
              busy + " of " + n + " events could not be stored in time; retry the message")
          .retryAfter(settings.busyRetryAfter());
    }
    long limited =
        receipt.outcomes().stream().filter(o -> o.reason() == Reason.RATE_LIMITED).count();
    if (limited > 0) {
      return Answer.error(
              429,
              Reason.RATE_LIMITED.wireName(),
              limited + " of " + n + " events over the device's rate limit; retry the message")
          .retryAfter(settings.rateLimitedRetryAfter());
    }
    return receipt.firstRejection().map(Answers::rejected).orElseGet(() -> report(receipt));
  }

  /** 503 when the pipeline gave no receipt within the timeout. */
  static Answer timedOut(HttpIngestSettings settings) {
    return Answer.error(
            503,
            Answer.BUSY,
            "no receipt within " + settings.receiptTimeout().toMillis() + " ms; retry the message")
        .retryAfter(settings.busyRetryAfter());
  }

  /** 503 when the pipeline failed instead of answering: the sender retries, as for busy. */
  static Answer pipelineFailed(HttpIngestSettings settings) {
    return Answer.error(503, Answer.BUSY, "the platform cannot take events now; retry the message")
        .retryAfter(settings.busyRetryAfter());
  }

  static Answer unauthorized(String detail, boolean invalidToken) {
    return Answer.error(401, Reason.UNAUTHORIZED.wireName(), detail)
        .with("WWW-Authenticate", invalidToken ? CHALLENGE_INVALID_TOKEN : CHALLENGE);
  }

  static Answer tooLarge(String what) {
    return Answer.error(
        413,
        Reason.TOO_LARGE.wireName(),
        what + " exceeds the limit of " + Limits.MAX_MESSAGE_BYTES + " bytes");
  }

  static Answer malformed(String detail) {
    return Answer.error(400, Reason.MALFORMED.wireName(), detail);
  }

  static Answer internalError() {
    return Answer.error(500, Answer.INTERNAL_ERROR, "internal error; the event may not be stored");
  }

  static Answer methodNotAllowed(String method) {
    return Answer.error(405, Answer.METHOD_NOT_ALLOWED, method + " is not allowed here; use POST")
        .with("Allow", "POST");
  }

  private static Answer rejected(Outcome o) {
    int status =
        switch (o.reason()) {
          case UNAUTHORIZED -> 401;
          case TOO_LARGE -> 413;
          default -> 400;
        };
    Answer a = Answer.error(status, o.reason().wireName(), detail(o));
    return status == 401 ? a.with("WWW-Authenticate", CHALLENGE) : a;
  }

  private static Answer report(Receipt receipt) {
    JsonArray rejected = new JsonArray();
    for (Outcome o : receipt.outcomes()) {
      if (o.status() == Outcome.Status.REJECTED) {
        rejected.add(
            new JsonObject()
                .put("index", o.index())
                .put("reason", o.reason().wireName())
                .put("detail", detail(o)));
      }
    }
    JsonObject body =
        new JsonObject()
            .put("accepted", count(receipt, Outcome.Status.ACCEPTED))
            .put("duplicates", count(receipt, Outcome.Status.DUPLICATE))
            .put("rejected", rejected);
    return new Answer(202, Map.of(), body);
  }

  private static String detail(Outcome o) {
    return o.detail() != null ? o.detail() : o.reason().wireName();
  }

  private static int count(Receipt receipt, Outcome.Status status) {
    return (int) receipt.outcomes().stream().filter(o -> o.status() == status).count();
  }
}
