package anxin.alerting.notify;

import java.net.URI;
import java.time.Duration;

/**
 * HTTP SMS gateway settings ({@link NotifySetting}{@code .HTTP_SMS_*}).
 *
 * @param url the gateway endpoint
 * @param method {@code POST} or {@code PUT}
 * @param formBody true: {@code application/x-www-form-urlencoded}; false: {@code application/json}
 * @param bodyTemplate the body with {@code {phone}} and {@code {text}}
 * @param authHeader header name for the credential
 * @param authValue its value, or empty for none
 * @param successField dotted JSON path checked in a 2xx response, or empty
 * @param successValue the value of {@code successField} that means accepted
 * @param connectTimeout connect timeout
 * @param timeout per-call timeout
 * @param maxInFlight calls at once
 * @param maxQueued calls waiting
 */
public record HttpSmsConfig(
    URI url,
    String method,
    boolean formBody,
    String bodyTemplate,
    String authHeader,
    String authValue,
    String successField,
    String successValue,
    Duration connectTimeout,
    Duration timeout,
    int maxInFlight,
    int maxQueued) {

  /** Redacted: {@code authValue} is a credential. */
  @Override
  public String toString() {
    return "HttpSmsConfig[" + method + " " + url.getHost() + ", form=" + formBody + "]";
  }
}
