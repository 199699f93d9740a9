package anxin.alerting.notify;

import java.util.Map;
import java.util.Objects;

/**
 * All channel configuration, read from flat key/value settings ({@link NotifySetting}, webhook
 * targets {@code webhook.<id>.*}) with every problem reported at once.
 *
 * @param residentDisplay how templates name residents
 * @param sms which SMS channel is configured
 * @param consoleMaxQueued console messages waiting for listeners
 * @param webhook webhook settings and targets
 * @param httpSms HTTP SMS gateway settings when {@code sms} is {@link SmsGateway#HTTP}, else null
 * @param smpp SMPP settings when {@code sms} is {@link SmsGateway#SMPP}, else null
 */
public record NotifyConfig(
    ResidentDisplay residentDisplay,
    SmsGateway sms,
    int consoleMaxQueued,
    WebhookConfig webhook,
    HttpSmsConfig httpSms,
    SmppConfig smpp) {

  /** Which SMS channel is configured. */
  public enum SmsGateway {
    NONE,
    HTTP,
    SMPP
  }

  public NotifyConfig {
    Objects.requireNonNull(residentDisplay, "residentDisplay");
    Objects.requireNonNull(sms, "sms");
    Objects.requireNonNull(webhook, "webhook");
  }

  /** Every default, no webhook targets, no SMS. */
  public static NotifyConfig defaults() {
    return parse(Map.of());
  }

  /**
   * Reads the settings; keys not given take their defaults.
   *
   * @throws InvalidNotifyConfigException listing every problem (secret values are not repeated)
   */
  public static NotifyConfig parse(Map<String, String> settings) {
    return NotifyConfigParser.parse(settings);
  }
}
