package anxin.alerting.notify;

import anxin.alerting.Setting;

/**
 * Every channel setting with its key, default, unit and one-line description, in one place: {@link
 * NotifyConfig#parse} reads them and the table in {@code docs/alerting-channels.md} is {@link
 * #markdownTable()} (a test keeps the two equal). Webhook targets are keyed by id and listed in
 * {@link #TARGET_KEYS}.
 */
public enum NotifySetting implements Setting {
  RESIDENT_DISPLAY(
      "notify.resident-display",
      "initials",
      Unit.CHOICE,
      "How messages name residents: `code`, `initials` (else code) or `full_name` (else initials)"),
  SMS_GATEWAY("notify.sms", "none", Unit.CHOICE, "SMS channel: `none`, `http` or `smpp`"),
  CONSOLE_QUEUE(
      "console.max-queued", "10000", Unit.COUNT, "Console messages waiting for listeners"),
  WEBHOOK_CONNECT_TIMEOUT(
      "webhook.connect-timeout", "3s", Unit.DURATION, "TCP/TLS connect timeout of webhooks"),
  WEBHOOK_TIMEOUT(
      "webhook.timeout", "5s", Unit.DURATION, "Per-call timeout of a webhook, until its response"),
  WEBHOOK_MAX_IN_FLIGHT(
      "webhook.max-in-flight", "8", Unit.COUNT, "Webhook calls running at once (all targets)"),
  WEBHOOK_MAX_QUEUED(
      "webhook.max-queued",
      "1000",
      Unit.COUNT,
      "Webhook calls waiting; beyond it a send fails retryable"),
  HTTP_SMS_URL("sms.http.url", "", Unit.URL, "HTTP SMS gateway endpoint (required for `http`)"),
  HTTP_SMS_METHOD("sms.http.method", "POST", Unit.CHOICE, "`POST` or `PUT`"),
  HTTP_SMS_BODY_TYPE(
      "sms.http.body-type", "json", Unit.CHOICE, "`json` or `form` (URL-encoded): the body's type"),
  HTTP_SMS_BODY(
      "sms.http.body",
      "{\"phone\":\"{phone}\",\"text\":\"{text}\"}",
      Unit.TEXT,
      "Body template; `{phone}` and `{text}` are replaced, escaped for the body type"),
  HTTP_SMS_AUTH_HEADER(
      "sms.http.auth-header", "Authorization", Unit.TEXT, "Header that carries the credential"),
  HTTP_SMS_AUTH_VALUE(
      "sms.http.auth-value", "", Unit.SECRET, "Its value, e.g. `Bearer …`; empty sends no header"),
  HTTP_SMS_SUCCESS_FIELD(
      "sms.http.success-field",
      "",
      Unit.TEXT,
      "Dotted JSON path in a 2xx response that must equal the success value; empty: status only"),
  HTTP_SMS_SUCCESS_VALUE(
      "sms.http.success-value", "0", Unit.TEXT, "Value of the success field that means accepted"),
  HTTP_SMS_CONNECT_TIMEOUT(
      "sms.http.connect-timeout", "3s", Unit.DURATION, "Connect timeout of the SMS gateway"),
  HTTP_SMS_TIMEOUT("sms.http.timeout", "10s", Unit.DURATION, "Per-call timeout of the SMS gateway"),
  HTTP_SMS_MAX_IN_FLIGHT("sms.http.max-in-flight", "4", Unit.COUNT, "Gateway calls at once"),
  HTTP_SMS_MAX_QUEUED("sms.http.max-queued", "1000", Unit.COUNT, "Gateway calls waiting"),
  SMPP_HOST("sms.smpp.host", "", Unit.TEXT, "SMSC host (required for `smpp`)"),
  SMPP_PORT("sms.smpp.port", "2775", Unit.PORT, "SMSC port"),
  SMPP_SYSTEM_ID("sms.smpp.system-id", "", Unit.TEXT, "Bind `system_id` (required for `smpp`)"),
  SMPP_PASSWORD("sms.smpp.password", "", Unit.SECRET, "Bind password"),
  SMPP_SYSTEM_TYPE("sms.smpp.system-type", "", Unit.TEXT, "Bind `system_type`"),
  SMPP_BIND("sms.smpp.bind", "transmitter", Unit.CHOICE, "`transmitter` or `transceiver`"),
  SMPP_SOURCE_ADDR("sms.smpp.source-addr", "", Unit.TEXT, "`source_addr` (sender id or number)"),
  SMPP_SOURCE_TON("sms.smpp.source-ton", "0", Unit.OCTET, "`source_addr_ton` (5: alphanumeric)"),
  SMPP_SOURCE_NPI("sms.smpp.source-npi", "0", Unit.OCTET, "`source_addr_npi`"),
  SMPP_DEST_TON("sms.smpp.dest-ton", "0", Unit.OCTET, "`dest_addr_ton` (1: international)"),
  SMPP_DEST_NPI("sms.smpp.dest-npi", "1", Unit.OCTET, "`dest_addr_npi` (1: ISDN E.164)"),
  SMPP_ENQUIRE_LINK(
      "sms.smpp.enquire-link", "30s", Unit.DURATION, "Idle time before an `enquire_link`"),
  SMPP_TIMEOUT(
      "sms.smpp.timeout", "10s", Unit.DURATION, "Wait for a `submit_sm_resp` (per segment)"),
  SMPP_BIND_TIMEOUT("sms.smpp.bind-timeout", "10s", Unit.DURATION, "Connect and bind timeout"),
  SMPP_REBIND_DELAY(
      "sms.smpp.rebind-delay", "2s", Unit.DURATION, "First wait before rebinding a lost session"),
  SMPP_REBIND_MAX_DELAY(
      "sms.smpp.rebind-max-delay", "60s", Unit.DURATION, "Longest wait between rebind attempts"),
  SMPP_MAX_IN_FLIGHT(
      "sms.smpp.max-in-flight", "4", Unit.COUNT, "Messages submitted at once (sender threads)"),
  SMPP_MAX_QUEUED("sms.smpp.max-queued", "1000", Unit.COUNT, "Messages waiting for a thread");

  /** Keys of a webhook target {@code <id>}: {@code webhook.<id>.<key>}. */
  public static final String TARGET_KEYS =
      "| `webhook.<id>.url` | (required) | url | The target's URL, with its token (DingTalk"
          + " `access_token`, WeCom `key`) |\n"
          + "| `webhook.<id>.format` | `generic` | choice | `generic`, `dingtalk` or `wecom` |\n"
          + "| `webhook.<id>.style` | `markdown` | choice | Robot message type: `markdown` or"
          + " `text` |\n"
          + "| `webhook.<id>.secret` | (none) | secret | DingTalk signing secret (`SEC…`): adds"
          + " `timestamp` and `sign` |\n"
          + "| `webhook.<id>.authorization` | (none) | secret | Generic: `Authorization` header"
          + " value |\n";

  /** The type of a setting's value. */
  public enum Unit {
    DURATION("duration"),
    COUNT("count ≥ 1"),
    PORT("port"),
    OCTET("0..255"),
    CHOICE("choice"),
    URL("url"),
    TEXT("text"),
    SECRET("secret");

    private final String label;

    Unit(String label) {
      this.label = label;
    }

    /** For docs. */
    public String label() {
      return label;
    }
  }

  private final String key;
  private final String defaultValue;
  private final Unit unit;
  private final String description;

  NotifySetting(String key, String defaultValue, Unit unit, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.unit = unit;
    this.description = description;
  }

  /** The configuration key. */
  @Override
  public String key() {
    return key;
  }

  /** The default, as written in a configuration file; empty means unset. */
  @Override
  public String defaultValue() {
    return defaultValue;
  }

  /** The value's type. */
  public Unit unit() {
    return unit;
  }

  /** One line for docs and {@code --help}. */
  @Override
  public String description() {
    return description;
  }

  /** The configuration table of {@code docs/alerting-channels.md}. */
  public static String markdownTable() {
    return Setting.markdownTable(values()) + TARGET_KEYS;
  }

  @Override
  public String unitLabel() {
    return unit.label();
  }
}
