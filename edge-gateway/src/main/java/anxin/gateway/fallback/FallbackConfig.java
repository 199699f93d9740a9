package anxin.gateway.fallback;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When and how the gateway raises an alarm itself (docs/gateway.md, "Local fallback").
 *
 * @param downAfter the uplink must have been down this long before a {@code panic} or {@code fall}
 *     is raised locally; default 15 s
 * @param command program and arguments run for each local alarm, without a shell (e.g. {@code
 *     ["/usr/local/bin/buzzer", "--pattern", "sos"]}); empty for none. The event's fields are in
 *     its environment ({@code ANXIN_ALARM_TYPE}, {@code ANXIN_DEVICE}, …)
 * @param commandTimeout the command is killed after this long; default 10 s
 * @param webhook LAN URL POSTed a JSON body for each local alarm, or null for none
 * @param webhookTimeout connect and response timeout of the webhook; default 5 s
 */
public record FallbackConfig(
    Duration downAfter,
    List<String> command,
    Duration commandTimeout,
    URI webhook,
    Duration webhookTimeout) {

  /** 15 s, no command, no webhook: alarms are only recorded and reported. */
  public static final FallbackConfig DEFAULT =
      new FallbackConfig(
          Duration.ofSeconds(15), List.of(), Duration.ofSeconds(10), null, Duration.ofSeconds(5));

  public FallbackConfig {
    command = command == null ? List.of() : List.copyOf(command);
    List<String> problems = new ArrayList<>();
    positive(problems, "downAfter", downAfter);
    positive(problems, "commandTimeout", commandTimeout);
    positive(problems, "webhookTimeout", webhookTimeout);
    if (!command.isEmpty() && command.get(0).isBlank()) {
      problems.add("command: program is blank");
    }
    if (webhook != null
        && !("http".equals(webhook.getScheme()) || "https".equals(webhook.getScheme()))) {
      problems.add("webhook: not http:// or https://: " + webhook);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("fallback config: " + String.join("; ", problems));
    }
  }

  private static void positive(List<String> problems, String key, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      problems.add(key + ": must be positive: " + d);
    }
  }

  public FallbackConfig withDownAfter(Duration d) {
    return new FallbackConfig(d, command, commandTimeout, webhook, webhookTimeout);
  }

  public FallbackConfig withCommand(List<String> c, Duration timeout) {
    return new FallbackConfig(downAfter, c, timeout, webhook, webhookTimeout);
  }

  public FallbackConfig withWebhook(URI url, Duration timeout) {
    return new FallbackConfig(downAfter, command, commandTimeout, url, timeout);
  }
}
