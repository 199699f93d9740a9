package anxin.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Unreachable external servers, on a loopback port where nothing listens: no other network. */
class ServicesTest {

  private static int closedPort;
  private final AtomicInteger dockerAsked = new AtomicInteger();
  private final BooleanSupplier docker = () -> dockerAsked.incrementAndGet() < 0;

  @BeforeAll
  static void findClosedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
  }

  @Test
  void postgres_urlVariableUnreachable_failsNamingVariableAndUrlWithoutFallback() {
    var url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/test?user=postgres";
    var services = new Services(new ServiceChooser(Map.of("ANXIN_TEST_PG_URL", url), docker));

    assertThatThrownBy(services::postgres)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "ANXIN_TEST_PG_URL=" + url + " is set, but connecting there as user postgres failed: ")
        .hasMessageContaining("refused");
    assertThat(dockerAsked).hasValue(0);
    services.close();
  }

  @Test
  void postgres_unreachableWithPassword_keepsPasswordOutOfMessage() {
    var env =
        Map.of(
            "ANXIN_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:" + closedPort + "/t?password=in-url",
            "ANXIN_TEST_PG_PASSWORD",
            "in-variable");
    var services = new Services(new ServiceChooser(env, docker));

    assertThatThrownBy(services::postgres)
        .hasMessageContaining("password=***")
        .hasMessageNotContaining("in-url")
        .hasMessageNotContaining("in-variable");
    services.close();
  }

  @Test
  void mqtt_urlVariableUnreachable_failsNamingVariableAndUrlWithoutFallback() {
    var url = "tcp://127.0.0.1:" + closedPort;
    var services = new Services(new ServiceChooser(Map.of("ANXIN_TEST_MQTT_URL", url), docker));

    assertThatThrownBy(services::mqtt)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("ANXIN_TEST_MQTT_URL=" + url + " is set, but no MQTT 5 broker")
        .hasMessageContaining("Connection refused");
    assertThat(dockerAsked).hasValue(0);
    services.close();
  }

  @Test
  void mqtt_failure_isRememberedAndReportedAgain() {
    var url = "tcp://127.0.0.1:" + closedPort;
    var services = new Services(new ServiceChooser(Map.of("ANXIN_TEST_MQTT_URL", url), docker));
    var first = catchMessage(services::mqtt);

    assertThatThrownBy(services::mqtt)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(first)
        .hasCauseInstanceOf(IllegalStateException.class);
    services.close();
  }

  private static String catchMessage(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a failure");
  }
}
