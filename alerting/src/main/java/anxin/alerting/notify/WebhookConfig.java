package anxin.alerting.notify;

import java.time.Duration;
import java.util.Map;

/**
 * Webhook channel settings ({@link NotifySetting}{@code .WEBHOOK_*}).
 *
 * @param connectTimeout connect timeout
 * @param timeout per-call timeout until the response
 * @param maxInFlight calls running at once
 * @param maxQueued calls waiting beyond those; more fail retryable
 * @param targets targets by id
 */
public record WebhookConfig(
    Duration connectTimeout,
    Duration timeout,
    int maxInFlight,
    int maxQueued,
    Map<String, WebhookTarget> targets) {

  public WebhookConfig {
    targets = Map.copyOf(targets);
  }
}
