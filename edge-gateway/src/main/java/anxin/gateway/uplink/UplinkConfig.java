package anxin.gateway.uplink;

import anxin.protocol.Format;
import anxin.protocol.Limits;
import anxin.protocol.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.SocketFactory;

/**
 * How the gateway reaches the platform's broker (docs/gateway-uplink.md). Build one with {@link
 * #builder}; every problem is reported at once by the constructor.
 *
 * @param serverUris broker URIs tried in turn, {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId MQTT client id, stable across restarts (the persistent session is keyed by it)
 * @param facility facility id, {@code [a-z0-9][a-z0-9-]{0,31}}
 * @param gateway gateway id, the {@code {gateway}} level of the status topic
 * @param username MQTT user name, or null for none
 * @param password MQTT password, or null for none; never logged
 * @param socketFactory e.g. {@link UplinkTls#socketFactory} for TLS with a client certificate, or
 *     null for Paho's default (plain TCP for {@code tcp://}, the JVM's default TLS for {@code
 *     ssl://})
 * @param format batch encoding; CBOR is about 40 % smaller than JSON
 * @param maxBatchEvents events per {@code _batch} message, at most
 * @param maxBatchBytes bytes per {@code _batch} message, at most {@link Limits#MAX_MESSAGE_BYTES}
 * @param window batches published and not yet acknowledged (PUBACK), at most; also capped by the
 *     broker's Receive Maximum (MQTT 5 §3.2.2.3.3)
 * @param sessionExpiry how long the broker keeps the session after the connection is lost
 * @param keepAlive MQTT keep-alive; a dead link is noticed after about 1.5 times this
 * @param connectTimeout how long one connection attempt may take
 * @param backoffMin first reconnect delay (before jitter)
 * @param backoffMax reconnect delay cap (before jitter)
 * @param heartbeat how often the retained online status is republished
 * @param idlePoll how often an idle sender looks at the journal when nobody called {@link
 *     Uplink#wake}
 * @param version the gateway's version, the status message's {@code ver}
 */
public record UplinkConfig(
    List<String> serverUris,
    String clientId,
    String facility,
    String gateway,
    String username,
    String password,
    SocketFactory socketFactory,
    Format format,
    int maxBatchEvents,
    int maxBatchBytes,
    int window,
    Duration sessionExpiry,
    Duration keepAlive,
    Duration connectTimeout,
    Duration backoffMin,
    Duration backoffMax,
    Duration heartbeat,
    Duration idlePoll,
    String version) {

  private static final Pattern FACILITY = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
  private static final Pattern GATEWAY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  public UplinkConfig {
    serverUris = serverUris == null ? List.of() : List.copyOf(serverUris);
    List<String> problems = new ArrayList<>();
    if (serverUris.isEmpty()) {
      problems.add("serverUris: none given");
    }
    for (String uri : serverUris) {
      if (!uri.startsWith("tcp://") && !uri.startsWith("ssl://")) {
        problems.add("serverUris: not tcp:// or ssl://: " + uri);
      }
    }
    if (clientId == null || clientId.isEmpty() || clientId.length() > 128) {
      problems.add("clientId: 1..128 characters required: " + clientId);
    }
    if (facility == null || !FACILITY.matcher(facility).matches()) {
      problems.add("facility: not [a-z0-9][a-z0-9-]{0,31}: " + facility);
    }
    if (gateway == null || !GATEWAY.matcher(gateway).matches()) {
      problems.add("gateway: not [A-Za-z0-9][A-Za-z0-9_.-]{0,63}: " + gateway);
    }
    if (format == null) {
      problems.add("format: null");
    }
    if (maxBatchEvents < 1 || maxBatchEvents > 10_000) {
      problems.add("maxBatchEvents out of range 1..10000: " + maxBatchEvents);
    }
    if (maxBatchBytes < 1024 || maxBatchBytes > Limits.MAX_MESSAGE_BYTES) {
      problems.add(
          "maxBatchBytes out of range 1024.." + Limits.MAX_MESSAGE_BYTES + ": " + maxBatchBytes);
    }
    if (window < 1 || window > 1024) {
      problems.add("window out of range 1..1024: " + window);
    }
    positive(problems, "sessionExpiry", sessionExpiry);
    positive(problems, "keepAlive", keepAlive);
    positive(problems, "connectTimeout", connectTimeout);
    positive(problems, "backoffMin", backoffMin);
    positive(problems, "backoffMax", backoffMax);
    positive(problems, "heartbeat", heartbeat);
    positive(problems, "idlePoll", idlePoll);
    if (backoffMin != null && backoffMax != null && backoffMax.compareTo(backoffMin) < 0) {
      problems.add("backoffMax below backoffMin: " + backoffMax);
    }
    if (version == null || version.isEmpty()) {
      problems.add("version: empty");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("uplink config: " + String.join("; ", problems));
    }
  }

  private static void positive(List<String> problems, String key, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      problems.add(key + ": must be positive: " + d);
    }
  }

  /** The topic batches go to, {@code anxin/v1/{facility}/_batch/event}. */
  public String batchTopic() {
    return Topics.batch(facility);
  }

  /** The retained status topic, {@code anxin/v1/{facility}/_gw/{gateway}/status}. */
  public String statusTopic() {
    return Topics.status(facility, gateway);
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "UplinkConfig[serverUris="
        + serverUris
        + ", clientId="
        + clientId
        + ", facility="
        + facility
        + ", gateway="
        + gateway
        + ", username="
        + username
        + ", password="
        + (password == null ? "none" : "***")
        + ", tls="
        + (socketFactory != null)
        + ", format="
        + format
        + ", maxBatchEvents="
        + maxBatchEvents
        + ", maxBatchBytes="
        + maxBatchBytes
        + ", window="
        + window
        + "]";
  }

  /** A builder with the defaults of docs/gateway-uplink.md. */
  public static Builder builder(String serverUri, String facility, String gateway) {
    return new Builder(serverUri, facility, gateway);
  }

  /**
   * Defaults: CBOR, 500 events / 64 KiB per batch, window 16, backoff 1 s..60 s, heartbeat 30 s.
   */
  public static final class Builder {
    private List<String> serverUris;
    private String clientId;
    private final String facility;
    private final String gateway;
    private String username;
    private String password;
    private SocketFactory socketFactory;
    private Format format = Format.CBOR;
    private int maxBatchEvents = 500;
    private int maxBatchBytes = Limits.MAX_MESSAGE_BYTES;
    private int window = 16;
    private Duration sessionExpiry = Duration.ofDays(7);
    private Duration keepAlive = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration backoffMin = Duration.ofSeconds(1);
    private Duration backoffMax = Duration.ofSeconds(60);
    private Duration heartbeat = Duration.ofSeconds(30);
    private Duration idlePoll = Duration.ofMillis(50);
    private String version = "dev";

    private Builder(String serverUri, String facility, String gateway) {
      this.serverUris = List.of(serverUri);
      this.facility = facility;
      this.gateway = gateway;
      this.clientId = "anxin-gw-" + facility + "-" + gateway;
    }

    public Builder serverUris(List<String> uris) {
      this.serverUris = uris;
      return this;
    }

    public Builder clientId(String id) {
      this.clientId = id;
      return this;
    }

    public Builder credentials(String user, String pass) {
      this.username = user;
      this.password = pass;
      return this;
    }

    public Builder socketFactory(SocketFactory factory) {
      this.socketFactory = factory;
      return this;
    }

    public Builder format(Format f) {
      this.format = f;
      return this;
    }

    public Builder maxBatchEvents(int n) {
      this.maxBatchEvents = n;
      return this;
    }

    public Builder maxBatchBytes(int n) {
      this.maxBatchBytes = n;
      return this;
    }

    public Builder window(int n) {
      this.window = n;
      return this;
    }

    public Builder sessionExpiry(Duration d) {
      this.sessionExpiry = d;
      return this;
    }

    public Builder keepAlive(Duration d) {
      this.keepAlive = d;
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = d;
      return this;
    }

    public Builder backoff(Duration min, Duration max) {
      this.backoffMin = min;
      this.backoffMax = max;
      return this;
    }

    public Builder heartbeat(Duration d) {
      this.heartbeat = d;
      return this;
    }

    public Builder idlePoll(Duration d) {
      this.idlePoll = d;
      return this;
    }

    public Builder version(String v) {
      this.version = v;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming every bad value
     */
    public UplinkConfig build() {
      return new UplinkConfig(
          serverUris,
          clientId,
          facility,
          gateway,
          username,
          password,
          socketFactory,
          format,
          maxBatchEvents,
          maxBatchBytes,
          window,
          sessionExpiry,
          keepAlive,
          connectTimeout,
          backoffMin,
          backoffMax,
          heartbeat,
          idlePoll,
          version);
    }
  }
}
