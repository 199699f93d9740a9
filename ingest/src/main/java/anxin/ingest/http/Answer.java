package anxin.ingest.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP answer: status, extra headers and a JSON body. Every error body is {@code
 * {"reason":"...","detail":"..."}}; {@code reason} is a wire {@link anxin.protocol.Reason} name or
 * one of the HTTP-only reasons below.
 */
record Answer(int status, Map<String, String> headers, JsonObject body) {

  /** 503: nothing (or not everything) became durable in time; retry. */
  static final String BUSY = "busy";

  /** 500: a fault of ours; the message may or may not have been taken. */
  static final String INTERNAL_ERROR = "internal_error";

  /** 405: only POST is served on the events path. */
  static final String METHOD_NOT_ALLOWED = "method_not_allowed";

  Answer {
    headers = Map.copyOf(headers);
  }

  static Answer error(int status, String reason, String detail) {
    return new Answer(
        status, Map.of(), new JsonObject().put("reason", reason).put("detail", detail));
  }

  /** The same answer with one more header. */
  Answer with(String header, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(header, value);
    return new Answer(status, more, body);
  }

  /** The same answer with {@code Retry-After} in whole seconds (RFC 9110 §10.2.3), at least 1. */
  Answer retryAfter(Duration delay) {
    long seconds = Math.max(1, (delay.toMillis() + 999) / 1000);
    return with("Retry-After", Long.toString(seconds));
  }

  /**
   * Writes this answer as the response, unless it was already sent or the client went away.
   *
   * @return completes when the response is written
   */
  Future<Void> sendTo(HttpServerResponse response) {
    if (response.ended() || response.closed()) {
      return Future.succeededFuture(); // the client went away, or an early answer already left
    }
    response.setStatusCode(status);
    headers.forEach(response::putHeader);
    response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    response.putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    return response.end(body.encode());
  }

  /** The JSON {@code reason} of an error answer, or null for a report. */
  String reason() {
    return body.getString("reason");
  }
}
