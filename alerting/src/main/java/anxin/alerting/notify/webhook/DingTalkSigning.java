package anxin.alerting.notify.webhook;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * DingTalk custom robot signing ("加签"): {@code sign} = URL-encoded Base64 of HmacSHA256, keyed with
 * the secret, over {@code timestamp + "\n" + secret}; the timestamp is in milliseconds and must be
 * within an hour of DingTalk's clock. Both go into the query string.
 */
final class DingTalkSigning {

  private DingTalkSigning() {}

  static String sign(long timestampMillis, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest =
          mac.doFinal((timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8));
      return URLEncoder.encode(Base64.getEncoder().encodeToString(digest), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  static URI signedUrl(URI url, String secret, long timestampMillis) {
    String u = url.toString();
    String sep = url.getRawQuery() == null ? "?" : "&";
    return URI.create(
        u + sep + "timestamp=" + timestampMillis + "&sign=" + sign(timestampMillis, secret));
  }
}
