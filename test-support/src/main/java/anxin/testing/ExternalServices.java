package anxin.testing;

import anxin.testing.ServiceChooser.ExternalMqtt;
import anxin.testing.ServiceChooser.ExternalPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Checks the servers named by environment variables before any test uses them. A failure names the
 * variable, its URL (without password) and the reason, and never falls back to another server: a
 * run meant to test against a given server must not pass without it.
 */
final class ExternalServices {

  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  private ExternalServices() {}

  /**
   * Connects once to the PostgreSQL server of {@code choice}.
   *
   * @throws IllegalStateException when connecting fails, saying why
   */
  static PostgresServer postgres(ExternalPostgres choice) {
    PostgresServer server = new PostgresServer(choice.url(), choice.password(), "external");
    Properties timeouts = new Properties();
    timeouts.setProperty("connectTimeout", String.valueOf(PROBE_TIMEOUT.toSeconds()));
    timeouts.setProperty("loginTimeout", String.valueOf(2 * PROBE_TIMEOUT.toSeconds()));
    try (Connection c = server.connect(timeouts)) {
      if (!c.isValid(Math.toIntExact(PROBE_TIMEOUT.toSeconds()))) {
        throw new SQLException("the connection opened but does not answer");
      }
      return server;
    } catch (SQLException e) {
      throw new IllegalStateException(
          choice.reason()
              + " is set, but connecting there as user "
              + choice.user()
              + " failed: "
              + withoutFinalStop(e.getMessage())
              + ". Start the server, correct the variable, or unset it to use"
              + " Testcontainers or an embedded server.",
          e);
    }
  }

  /**
   * Connects once to the MQTT broker of {@code choice} with MQTT 5.
   *
   * @throws IllegalStateException when connecting fails, saying why
   */
  static MqttEndpoint mqtt(ExternalMqtt choice) {
    MqttEndpoint broker = choice.endpoint();
    try {
      MqttProbe.check(broker.host(), broker.port(), PROBE_TIMEOUT);
      return broker;
    } catch (IOException e) {
      throw new IllegalStateException(
          choice.reason()
              + " is set, but no MQTT 5 broker answers there: "
              + e
              + ". Start the broker, correct the variable, or unset it to use"
              + " Testcontainers or an embedded broker.",
          e);
    }
  }

  private static String withoutFinalStop(String message) {
    return message != null && message.endsWith(".")
        ? message.substring(0, message.length() - 1)
        : message;
  }
}
