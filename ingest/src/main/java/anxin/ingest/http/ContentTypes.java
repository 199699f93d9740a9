package anxin.ingest.http;

import anxin.protocol.Format;
import java.util.Locale;

/**
 * The request's {@code Content-Type} against the two encodings of the wire contract. Media types
 * are compared case-insensitively and without parameters (RFC 9110 §8.3.1); a missing header leaves
 * the choice to the first byte of the body, as on MQTT and CoAP ({@link Format#sniff}).
 */
final class ContentTypes {

  /** Longest media type quoted back in a detail. */
  private static final int MAX_QUOTED = 64;

  /** The body's encoding as the header declares it. */
  sealed interface Declared {}

  /** {@code application/json} or {@code application/cbor}. */
  record Known(Format format) implements Declared {}

  /** No {@code Content-Type}: the pipeline sniffs the first byte. */
  record Sniff() implements Declared {}

  /** Anything else: answered 400 {@code malformed} with this detail. */
  record Unsupported(String detail) implements Declared {}

  private ContentTypes() {}

  /** Reads a {@code Content-Type} header value, or null when the request has none. */
  static Declared of(String header) {
    if (header == null || header.isBlank()) {
      return new Sniff();
    }
    int semicolon = header.indexOf(';');
    String type =
        (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    for (Format f : Format.values()) {
      if (f.mediaType().equals(type)) {
        return new Known(f);
      }
    }
    String quoted = type.length() > MAX_QUOTED ? type.substring(0, MAX_QUOTED) + "..." : type;
    return new Unsupported(
        "unsupported Content-Type '"
            + quoted
            + "'; send application/json or application/cbor (or no Content-Type)");
  }

  /**
   * Why a body cannot be what its header says, or null when it can. The pipeline only sees bytes
   * and tells JSON from CBOR by the first byte; a body whose first byte contradicts its header would
   * be decoded as the other format or fail with a misleading detail, so it is refused here, naming
   * the header. A CBOR envelope or array never starts with {@code '{'} (0x7b) or {@code '['} (0x5b),
   * so no valid message is refused.
   */
  static String mismatch(Declared declared, byte[] body) {
    if (body.length == 0) {
      return "empty body";
    }
    if (!(declared instanceof Known known) || Format.sniff(body) == known.format()) {
      return null;
    }
    return known.format() == Format.JSON
        ? "Content-Type is application/json but the body does not start with '{' or '['"
            + " (JSON must start with an object or array, without leading whitespace)"
        : "Content-Type is application/cbor but the body starts with '{' or '[' (JSON)";
  }
}
