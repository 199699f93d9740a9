package anxin.ingest.http;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the device token from {@code Authorization: Bearer <token>} (RFC 6750 §2.1). The token
 * never appears in a problem's detail: a detail goes back to the client and into DEBUG logs.
 */
final class BearerToken {

  /** RFC 6750 §2.1 {@code b64token}; longer than any token we issue is malformed too. */
  private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]{1,512}=*");

  private static final String SCHEME = "bearer";

  /** What the header held. */
  sealed interface Credentials {}

  /** A syntactically valid token, still to be looked up. */
  record Token(String value) implements Credentials {
    @Override
    public String toString() {
      return "Token[redacted]";
    }
  }

  /**
   * No usable bearer credentials; {@code invalidToken} when a token was presented but is malformed
   * (RFC 6750 §3.1 {@code error="invalid_token"}), false when there was none at all.
   */
  record Problem(String detail, boolean invalidToken) implements Credentials {}

  private BearerToken() {}

  /** Parses every {@code Authorization} header value of a request. */
  static Credentials parse(List<String> authorizationHeaders) {
    if (authorizationHeaders.isEmpty()) {
      return new Problem("missing Authorization header; send 'Bearer <device token>'", false);
    }
    if (authorizationHeaders.size() > 1) {
      return new Problem("more than one Authorization header", false);
    }
    String value = authorizationHeaders.get(0).strip();
    int space = value.indexOf(' ');
    String scheme = space < 0 ? value : value.substring(0, space);
    // Auth schemes are case-insensitive (RFC 9110 §11.1).
    if (!scheme.toLowerCase(Locale.ROOT).equals(SCHEME)) {
      // Never echo the header: another scheme's credentials (Basic) carry a password.
      return new Problem("Authorization scheme is not Bearer; send 'Bearer <device token>'", false);
    }
    String token = space < 0 ? "" : value.substring(space + 1).strip();
    if (token.isEmpty()) {
      return new Problem("empty bearer token", true);
    }
    if (!B64TOKEN.matcher(token).matches()) {
      return new Problem("malformed bearer token", true);
    }
    return new Token(token);
  }
}
