package anxin.platform.config;

import anxin.alerting.Setting;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every key of the platform's own configuration, with its default, unit and meaning. Sections
 * handed whole to a module ({@link Section}) have their own tables. Each key can be overridden by
 * the environment variable {@link #envName()}: {@code ANXIN_} and the key in upper case with dots
 * and dashes as underscores, e.g. {@code database.url} by {@code ANXIN_DATABASE_URL}.
 */
public enum ConfigKey implements Setting {
  HTTP_HOST(
      "http.host",
      "127.0.0.1",
      "address",
      "Address of the HTTP API and console; 0.0.0.0 for every interface (put TLS in front)"),
  HTTP_PORT(
      "http.port", "8080", "TCP port", "Port of the HTTP API and console; 0 for any free port"),
  HTTP_TLS_CERTIFICATE(
      "http.tls.certificate", "", "PEM file", "Server certificate chain; HTTPS when set"),
  HTTP_TLS_PRIVATE_KEY(
      "http.tls.private-key", "", "PEM file", "Private key of http.tls.certificate (PKCS#8)"),
  PUBLIC_URL(
      "public-url",
      "",
      "URL",
      "Address people use to reach the console; default http(s)://<http.host>:<http.port>"),
  DATA_DIR(
      "data-dir",
      ".anxin/data",
      "directory",
      "Embedded database and broker data, and the generated device key"),
  DATABASE_URL(
      "database.url",
      "",
      "JDBC URL",
      "PostgreSQL or TimescaleDB, e.g. jdbc:postgresql://db:5432/anxin; empty starts an"
          + " embedded PostgreSQL in <data-dir>/postgres"),
  DATABASE_USER("database.user", "postgres", "name", "Database user"),
  DATABASE_PASSWORD("database.password", "", "secret", "Database password"),
  DATABASE_POOL_SIZE(
      "database.pool-size", "10", "connections", "Connections in the pool, 4 or more"),
  MQTT_URL(
      "mqtt.url",
      "",
      "URIs",
      "Comma-separated tcp:// or ssl:// broker URIs; empty starts an embedded MQTT 5 broker"
          + " (HiveMQ CE) on 127.0.0.1"),
  MQTT_USERNAME("mqtt.username", "", "name", "Broker user, if the broker wants one"),
  MQTT_PASSWORD("mqtt.password", "", "secret", "Broker password"),
  MQTT_TLS_CA(
      "mqtt.tls.ca",
      "",
      "PEM file",
      "CA certificates that sign the broker's certificate, for ssl:// URIs; default the JVM's"
          + " trust store"),
  MQTT_TLS_CERTIFICATE(
      "mqtt.tls.certificate",
      "",
      "PEM file",
      "Client certificate chain presented to the broker, when it asks for one"),
  MQTT_TLS_PRIVATE_KEY(
      "mqtt.tls.private-key", "", "PEM file", "Private key of mqtt.tls.certificate (PKCS#8)"),
  MQTT_CLIENT_ID(
      "mqtt.client-id",
      "anxin-platform",
      "id",
      "Client id of the ingest subscriber; unique per platform process"),
  MQTT_SHARE_GROUP(
      "mqtt.share-group",
      "anxin-ingest",
      "name",
      "Shared-subscription group of ingest; platforms in one group split the events. A stopped"
          + " member's session keeps taking its share until it expires"),
  MQTT_SESSION_EXPIRY(
      "mqtt.session-expiry",
      "7d",
      "duration",
      "How long the broker keeps ingest's session (and queues for it) while it is away"),
  MQTT_ALARM_WATCH(
      "mqtt.alarm-watch",
      "true",
      "true or false",
      "Also read events over a second, QoS 0 connection and take panic and fall from it at once,"
          + " ahead of the broker's queue for ingest; costs the broker a second copy of each"
          + " event message"),
  MQTT_EMBEDDED_PORT(
      "mqtt.embedded-port",
      "1883",
      "TCP port",
      "Port of the embedded broker on 127.0.0.1; a free one is taken when it is busy"),
  DEVICE_KEY_FILE(
      "device-key-file",
      "",
      "file",
      "32-byte key that seals device DTLS keys in the database; default <data-dir>/device.key,"
          + " created on first start. Keep it with the database backups"),
  SHUTDOWN_TIMEOUT(
      "shutdown.timeout",
      "30s",
      "duration",
      "How long a graceful stop waits for the writer and the outbox to flush");

  /**
   * A section passed whole to the module that owns it, with its own reference. Its keys have no
   * environment overrides of their own; write {@code ${VAR}} in the file instead.
   */
  public enum Section {
    COAP(List.of("ingest.coap."), false, "CoAP and DTLS endpoints", "docs/ingest-coap.md"),
    NOTIFY(
        List.of("notify.", "console.", "webhook.", "sms."),
        false,
        "channels: webhook targets, SMS gateway or SMPP, console queue",
        "docs/alerting-channels.md"),
    RULES(List.of("rules."), true, "rule defaults for every facility", "docs/alerting-rules.md"),
    ESCALATION(
        List.of("escalation."),
        true,
        "escalation defaults for every facility",
        "docs/alerting-escalation.md");

    private final List<String> prefixes;
    private final boolean stripped;
    private final String what;
    private final String doc;

    Section(List<String> prefixes, boolean stripped, String what, String doc) {
      this.prefixes = prefixes;
      this.stripped = stripped;
      this.what = what;
      this.doc = doc;
    }

    /** The key prefixes that belong to the section. */
    public List<String> prefixes() {
      return prefixes;
    }

    /** The key as the owning module's parser takes it: without the prefix, or whole. */
    public String moduleKey(String key) {
      for (String p : prefixes) {
        if (key.startsWith(p)) {
          return stripped ? key.substring(p.length()) : key;
        }
      }
      throw new IllegalArgumentException(key + " is not in section " + this);
    }

    public String what() {
      return what;
    }

    public String doc() {
      return doc;
    }

    /** The section a key belongs to, if any. */
    public static Optional<Section> of(String key) {
      for (Section s : values()) {
        for (String p : s.prefixes) {
          if (key.startsWith(p)) {
            return Optional.of(s);
          }
        }
      }
      return Optional.empty();
    }
  }

  private final String key;
  private final String defaultValue;
  private final String unit;
  private final String description;

  ConfigKey(String key, String defaultValue, String unit, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.unit = unit;
    this.description = description;
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public String defaultValue() {
    return defaultValue;
  }

  @Override
  public String unitLabel() {
    return unit;
  }

  @Override
  public String description() {
    return description;
  }

  /** The environment variable that overrides it, e.g. {@code ANXIN_DATABASE_URL}. */
  public String envName() {
    return "ANXIN_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The key with this name, if any. */
  public static Optional<ConfigKey> of(String key) {
    for (ConfigKey k : values()) {
      if (k.key.equals(key)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** The reference table for docs/operations.md: key, default, unit, environment, meaning. */
  public static String markdownTable() {
    StringBuilder b = new StringBuilder();
    b.append("| key | default | unit | environment | description |\n");
    b.append("| --- | --- | --- | --- | --- |\n");
    for (ConfigKey k : values()) {
      b.append("| `")
          .append(k.key)
          .append("` | ")
          .append(k.defaultValue.isEmpty() ? "(none)" : "`" + k.defaultValue + "`")
          .append(" | ")
          .append(k.unit)
          .append(" | `")
          .append(k.envName())
          .append("` | ")
          .append(k.description)
          .append(" |\n");
    }
    b.append("\nSections passed whole to the module that owns them:\n\n");
    b.append("| keys | what | reference |\n| --- | --- | --- |\n");
    for (Section s : Section.values()) {
      b.append("| ")
          .append(String.join(", ", s.prefixes.stream().map(p -> "`" + p + "*`").toList()))
          .append(" | ")
          .append(s.what)
          .append(" | [")
          .append(s.doc.substring("docs/".length()))
          .append("](")
          .append(s.doc.substring("docs/".length()))
          .append(") |\n");
    }
    return b.toString();
  }
}
