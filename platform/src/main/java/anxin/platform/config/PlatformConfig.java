package anxin.platform.config;

import anxin.alerting.FacilityRules;
import anxin.alerting.escalation.FacilityEscalation;
import anxin.alerting.notify.NotifyConfig;
import anxin.ingest.coap.CoapIngestConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;

/**
 * The validated configuration of one platform process. Built by {@link ConfigLoader}; every value
 * is usable as it is.
 *
 * @param mqttAlarmWatch whether ingest also reads events over a second, QoS 0 connection to take
 *     alarms ahead of the broker's queue ({@code mqtt.alarm-watch})
 * @param mqttTls TLS for {@code ssl://} brokers from {@code mqtt.tls.*}, or null for the JVM's
 *     default (its trust store, no client certificate)
 * @param values the effective value of every key given or defaulted, for {@code check-config}
 * @param origins where each value came from: {@code default}, the file, or an environment variable
 */
public record PlatformConfig(
    String httpHost,
    int httpPort,
    Path tlsCertificate,
    Path tlsPrivateKey,
    String publicUrl,
    Path dataDir,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    int poolSize,
    List<String> mqttUrls,
    String mqttUsername,
    String mqttPassword,
    SSLSocketFactory mqttTls,
    String mqttClientId,
    String mqttShareGroup,
    Duration mqttSessionExpiry,
    boolean mqttAlarmWatch,
    int mqttEmbeddedPort,
    Path deviceKeyFile,
    Duration shutdownTimeout,
    CoapIngestConfig coap,
    NotifyConfig channels,
    Map<String, String> rules,
    FacilityRules ruleDefaults,
    Map<String, String> escalation,
    FacilityEscalation escalationDefaults,
    Map<String, String> values,
    Map<String, String> origins) {

  /** True when no database is configured and an embedded one is started. */
  public boolean embeddedDatabase() {
    return databaseUrl == null;
  }

  /** True when no broker is configured and an embedded one is started. */
  public boolean embeddedBroker() {
    return mqttUrls.isEmpty();
  }

  /** True when HTTPS is configured. */
  public boolean tls() {
    return tlsCertificate != null;
  }
}
