package anxin.gateway.app;

import java.util.Locale;

/**
 * Every key of the gateway's configuration file with its default, unit and meaning, in one place:
 * {@link GatewayConfig} reads them, {@code --settings} and docs/gateway.md show them ({@link
 * #markdownTable}), and a test keeps the docs in step.
 */
public enum Setting {
  FACILITY("facility", null, "id", "facility id, `[a-z0-9][a-z0-9-]{0,31}`"),
  GATEWAY("gateway", null, "id", "this gateway's id, the `{gateway}` level of its status topic"),
  DATA_DIR(
      "data.dir",
      "/var/lib/anxin-gateway",
      "path",
      "directory of the journal (`journal/`), `z2m-state.json` and `local-alarms.jsonl`"),
  JOURNAL_QUOTA(
      "journal.quota-mb", "256", "MiB", "disk budget of the journal; alarms are never evicted"),
  JOURNAL_SEGMENT("journal.segment-mb", "4", "MiB", "journal segment file size"),
  UPLINK_URIS(
      "uplink.uris",
      null,
      "URIs",
      "the platform's broker(s), `tcp://` or `ssl://`, comma-separated"),
  UPLINK_USERNAME("uplink.username", "", "", "MQTT user name at the platform's broker"),
  UPLINK_PASSWORD(
      "uplink.password",
      "",
      "",
      "its password; prefer the environment, `ANXIN_GW_UPLINK_PASSWORD`"),
  UPLINK_CA(
      "uplink.tls.ca-p12",
      "",
      "path",
      "PKCS #12 trust store with the platform's CA (empty: the JVM's)"),
  UPLINK_CLIENT(
      "uplink.tls.client-p12",
      "",
      "path",
      "PKCS #12 with the gateway's key and certificate (empty: none)"),
  UPLINK_CLIENT_PASSWORD("uplink.tls.client-password", "", "", "password of that PKCS #12 file"),
  UPLINK_FORMAT("uplink.format", "cbor", "`cbor`, `json`", "encoding of the batches"),
  UPLINK_HEARTBEAT(
      "uplink.heartbeat-s", "30", "s", "the retained status is republished this often"),
  UPLINK_BACKOFF_MAX(
      "uplink.backoff-max-s",
      "60",
      "s",
      "longest wait between reconnect attempts (from 1 s, doubling, with jitter; an alarm cuts it"
          + " short)"),
  LAN_URI(
      "lan.mqtt.uri", "", "URI", "the LAN's broker, `tcp://host:1883` (empty: no MQTT adapters)"),
  LAN_USERNAME("lan.mqtt.username", "", "", "MQTT user name at the LAN's broker"),
  LAN_PASSWORD("lan.mqtt.password", "", "", "its password"),
  LAN_SENSORS(
      "lan.mqtt.sensors",
      "true",
      "boolean",
      "take wire-contract events from `anxin/v1/{facility}/+/event` on the LAN's broker"),
  Z2M_MAPPING(
      "z2m.mapping", "", "path", "Zigbee2MQTT mapping file (empty: no Zigbee2MQTT adapter)"),
  COAP_BIND("coap.bind", "0.0.0.0", "address", "address of the local CoAP server"),
  COAP_PORT("coap.port", "5683", "UDP port", "port of the local CoAP server (`-1`: none)"),
  DEVICES(
      "devices",
      "",
      "ids",
      "the devices this gateway serves, comma-separated (empty: any; the platform checks them)"),
  FALLBACK_DOWN_AFTER(
      "fallback.down-after-s",
      "15",
      "s",
      "uplink down this long: panic and fall are raised locally"),
  FALLBACK_COMMAND(
      "fallback.command",
      "",
      "argv",
      "program and arguments for a local alarm, a JSON array (or words split at spaces); no shell"),
  FALLBACK_COMMAND_TIMEOUT(
      "fallback.command-timeout-s", "10", "s", "the command is killed after this long"),
  FALLBACK_WEBHOOK(
      "fallback.webhook", "", "URL", "LAN webhook POSTed for a local alarm (empty: none)"),
  FALLBACK_WEBHOOK_TIMEOUT(
      "fallback.webhook-timeout-s", "5", "s", "webhook connect and answer timeout");

  private final String key;
  private final String defaultValue;
  private final String unit;
  private final String description;

  Setting(String key, String defaultValue, String unit, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.unit = unit;
    this.description = description;
  }

  public String key() {
    return key;
  }

  /** The default, or null for a required setting. */
  public String defaultValue() {
    return defaultValue;
  }

  public String unit() {
    return unit;
  }

  public String description() {
    return description;
  }

  /** The environment variable that overrides the file: {@code ANXIN_GW_} and the key. */
  public String environmentVariable() {
    return "ANXIN_GW_" + key.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_");
  }

  /** The reference table of docs/gateway.md. */
  public static String markdownTable() {
    StringBuilder b = new StringBuilder();
    b.append("| key | default | unit | meaning |\n| --- | --- | --- | --- |\n");
    for (Setting s : values()) {
      b.append("| `")
          .append(s.key)
          .append("` | ")
          .append(
              s.defaultValue == null
                  ? "(required)"
                  : s.defaultValue.isEmpty() ? "" : "`" + s.defaultValue + "`")
          .append(" | ")
          .append(s.unit)
          .append(" | ")
          .append(s.description)
          .append(" |\n");
    }
    return b.toString();
  }
}
