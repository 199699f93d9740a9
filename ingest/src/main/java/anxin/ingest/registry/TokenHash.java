package anxin.ingest.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How device tokens are stored: SHA-256 of the token's UTF-8 bytes, hex. Tokens are random with at
 * least 128 bits of entropy, so a fast hash suffices (no password stretching is needed) and a
 * lookup by hash stays O(1).
 */
public final class TokenHash {

  private TokenHash() {}

  /** The lower-case hex SHA-256 of {@code token}. */
  public static String of(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
