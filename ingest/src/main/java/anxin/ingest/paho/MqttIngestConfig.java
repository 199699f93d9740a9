package anxin.ingest.paho;

import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;

/**
 * How the ingest tier connects to the MQTT broker.
 *
 * @param serverUris broker URIs ({@code tcp://host:1883}, {@code ssl://host:8883}); more than one
 *     for a cluster, tried in order
 * @param clientId client id; must stay the same across restarts so the persistent session (and what
 *     the broker queued for it) is found again, and differ between ingest nodes
 * @param username user name, or null for anonymous
 * @param password password, or null
 * @param tls socket factory for {@code ssl://} URIs (server and optional client certificate), or
 *     null for the JVM default
 * @param sessionExpiry how long the broker keeps the session and queues messages while ingest is
 *     down (MQTT 5 Session Expiry Interval)
 * @param receiveMaximum how many messages the broker may have in flight to us unacknowledged (MQTT
 *     5 Receive Maximum): the bound on what ingest holds in memory while writes are slow
 * @param keepAlive MQTT keep-alive
 * @param reconnectMin first reconnect delay; doubles per failed attempt
 * @param reconnectMax longest reconnect delay (each delay is jittered down to half)
 * @param alarmWatch also read every event message at once over a second, QoS 0 connection and hand
 *     its {@code panic} and {@code fall} events to alerting from there, ahead of whatever waits in
 *     the broker's queue for the persistent session (see {@link AlarmWatch})
 */
public record MqttIngestConfig(
    List<String> serverUris,
    String clientId,
    String shareGroup,
    String username,
    char[] password,
    SSLSocketFactory tls,
    Duration sessionExpiry,
    int receiveMaximum,
    Duration keepAlive,
    Duration reconnectMin,
    Duration reconnectMax,
    boolean alarmWatch) {

  public MqttIngestConfig {
    serverUris = List.copyOf(serverUris);
    if (serverUris.isEmpty()) {
      throw new IllegalArgumentException("no MQTT server URI");
    }
    if (receiveMaximum < 1 || receiveMaximum > 65_535) {
      throw new IllegalArgumentException("receiveMaximum out of range 1..65535: " + receiveMaximum);
    }
  }

  /** This configuration with another share group and session expiry (tests, second platforms). */
  public MqttIngestConfig withShareGroup(String group, Duration expiry) {
    return new MqttIngestConfig(
        serverUris,
        clientId,
        group,
        username,
        password,
        tls,
        expiry,
        receiveMaximum,
        keepAlive,
        reconnectMin,
        reconnectMax,
        alarmWatch);
  }

  /** This configuration with another reconnect backoff (tests that restart brokers and nodes). */
  public MqttIngestConfig withReconnect(Duration min, Duration max) {
    return new MqttIngestConfig(
        serverUris,
        clientId,
        shareGroup,
        username,
        password,
        tls,
        sessionExpiry,
        receiveMaximum,
        keepAlive,
        min,
        max,
        alarmWatch);
  }

  /** This configuration with another receive maximum. */
  public MqttIngestConfig withReceiveMaximum(int max) {
    return new MqttIngestConfig(
        serverUris,
        clientId,
        shareGroup,
        username,
        password,
        tls,
        sessionExpiry,
        max,
        keepAlive,
        reconnectMin,
        reconnectMax,
        alarmWatch);
  }

  /** This configuration with the alarm watch on or off. */
  public MqttIngestConfig withAlarmWatch(boolean on) {
    return new MqttIngestConfig(
        serverUris,
        clientId,
        shareGroup,
        username,
        password,
        tls,
        sessionExpiry,
        receiveMaximum,
        keepAlive,
        reconnectMin,
        reconnectMax,
        on);
  }

  /**
   * Defaults for one broker: 7-day session, 10,000 in flight, 30 s keep-alive, 1–60 s backoff, the
   * alarm watch on.
   */
  public static MqttIngestConfig of(String serverUri, String clientId) {
    return new MqttIngestConfig(
        List.of(serverUri),
        clientId,
        anxin.protocol.topic.Topics.INGEST_SHARE_GROUP,
        null,
        null,
        null,
        Duration.ofDays(7),
        10_000,
        Duration.ofSeconds(30),
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        true);
  }
}
