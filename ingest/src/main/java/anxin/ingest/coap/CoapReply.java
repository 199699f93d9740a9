package anxin.ingest.coap;

import anxin.ingest.Outcome;
import anxin.ingest.Receipt;
import anxin.protocol.Limits;
import anxin.protocol.Reason;
import java.util.Optional;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;

/**
 * A CoAP answer: code, diagnostic payload (UTF-8 text, or null for none) and Max-Age in seconds (or
 * null for none). Made from a pipeline {@link Receipt} by the table of DESIGN §3; pure.
 */
record CoapReply(ResponseCode code, String diagnostic, Integer maxAgeSeconds) {

  /** Max-Age of 5.03 and 4.29: when the device should try again (RFC 7252 §5.9.3.4, RFC 8516). */
  static final int RETRY_AFTER_SECONDS = 5;

  /** Diagnostics are for people reading logs on the device side: short (RFC 7252 §5.5.2). */
  static final int MAX_DIAGNOSTIC_CHARS = 100;

  static final CoapReply CHANGED = new CoapReply(ResponseCode.CHANGED, null, null);

  static final CoapReply BUSY =
      new CoapReply(ResponseCode.SERVICE_UNAVAILABLE, "busy", RETRY_AFTER_SECONDS);

  static final CoapReply INTERNAL_ERROR =
      new CoapReply(ResponseCode.INTERNAL_SERVER_ERROR, "internal error", null);

  /**
   * The answer to a receipt. Something to retry wins over something stored, since acknowledging a
   * batch of which an envelope was not stored would lose that envelope (DESIGN §2: nothing is
   * acknowledged upstream before it is durable); the stored ones come back as duplicates.
   *
   * <ol>
   *   <li>an envelope busy: 5.03 with Max-Age;
   *   <li>an envelope rate-limited: 4.29 {@code rate_limited} with Max-Age;
   *   <li>an envelope accepted or duplicate, whatever became of the others: 2.04;
   *   <li>else the first rejection: 4.01 {@code unauthorized}, 4.13 {@code too_large}, 4.00 for
   *       every other reason;
   *   <li>an empty receipt (nothing to store, nothing wrong): 2.04.
   * </ol>
   */
  static CoapReply of(Receipt receipt) {
    if (receipt.outcomes().stream().anyMatch(o -> o.status() == Outcome.Status.BUSY)) {
      return BUSY;
    }
    Optional<Outcome> limited =
        receipt.outcomes().stream()
            .filter(o -> o.status() == Outcome.Status.REJECTED && o.reason() == Reason.RATE_LIMITED)
            .findFirst();
    if (limited.isPresent()) {
      return rejected(limited.get().reason(), limited.get().detail());
    }
    if (receipt.anyStored()) {
      return CHANGED;
    }
    return receipt.firstRejection().map(o -> rejected(o.reason(), o.detail())).orElse(CHANGED);
  }

  /** The answer to a rejection; a missing reason counts as {@code malformed}. */
  static CoapReply rejected(Reason reason, String detail) {
    Reason r = reason == null ? Reason.MALFORMED : reason;
    ResponseCode code =
        switch (r) {
          case UNAUTHORIZED -> ResponseCode.UNAUTHORIZED;
          case TOO_LARGE -> ResponseCode.REQUEST_ENTITY_TOO_LARGE;
          case RATE_LIMITED -> ResponseCode.TOO_MANY_REQUESTS;
          case MALFORMED, UNSUPPORTED_VERSION, UNKNOWN_TYPE, UNKNOWN_DEVICE, FACILITY_MISMATCH ->
              ResponseCode.BAD_REQUEST;
        };
    Integer maxAge = r == Reason.RATE_LIMITED ? RETRY_AFTER_SECONDS : null;
    return new CoapReply(code, diagnostic(r, detail), maxAge);
  }

  /** 4.15 for a Content-Format other than JSON (50) or CBOR (60). */
  static CoapReply unsupportedContentFormat(int contentFormat) {
    return new CoapReply(
        ResponseCode.UNSUPPORTED_CONTENT_FORMAT,
        diagnostic(Reason.MALFORMED, "content-format " + contentFormat + ", use 50 or 60"),
        null);
  }

  /** 4.13 for a body over {@link Limits#MAX_MESSAGE_BYTES}. */
  static CoapReply tooLarge() {
    return new CoapReply(
        ResponseCode.REQUEST_ENTITY_TOO_LARGE,
        diagnostic(Reason.TOO_LARGE, "max. " + Limits.MAX_MESSAGE_BYTES + " bytes"),
        null);
  }

  /** {@code reason} or {@code reason: detail}, cut to {@link #MAX_DIAGNOSTIC_CHARS}. */
  static String diagnostic(Reason reason, String detail) {
    String text =
        detail == null || detail.isBlank() ? reason.wireName() : reason.wireName() + ": " + detail;
    if (text.length() <= MAX_DIAGNOSTIC_CHARS) {
      return text;
    }
    int end = MAX_DIAGNOSTIC_CHARS - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }
}
