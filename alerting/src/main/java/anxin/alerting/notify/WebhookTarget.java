package anxin.alerting.notify;

import java.net.URI;
import java.util.Objects;

/**
 * One configured webhook, addressed by {@link OutgoingMessage#address()} = {@code id}.
 *
 * @param id the target's id, e.g. {@code night-shift}
 * @param url where to POST; holds the robot's token, so it is never logged
 * @param format the body the target expects
 * @param markdown robots: send {@code msgtype} markdown (true) or text
 * @param secret DingTalk signing secret, or null
 * @param authorization generic: {@code Authorization} header value, or null
 */
public record WebhookTarget(
    String id,
    URI url,
    WebhookFormat format,
    boolean markdown,
    String secret,
    String authorization) {

  public WebhookTarget {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(format, "format");
  }

  /** Redacted: the URL and secrets are credentials. */
  @Override
  public String toString() {
    return "WebhookTarget[" + id + ", " + format + ", " + url.getHost() + "]";
  }
}
