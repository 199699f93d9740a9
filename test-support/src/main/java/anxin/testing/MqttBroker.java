package anxin.testing;

/**
 * A real MQTT 5 broker (it also accepts MQTT 3.1.1), provided by {@link TestServices}.
 *
 * <p>Obtain one as a test method or constructor parameter of a class extended with
 * {@code @ExtendWith(TestServices.class)}, or from {@link TestServices#mqtt()}. The broker is
 * shared by every test of the run (and, for an external broker, possibly by other runs): use unique
 * client ids and topics. It allows anonymous clients and has no TLS.
 *
 * <p>Implementations are immutable and thread-safe. No method returns {@code null}.
 */
public interface MqttBroker {

  /**
   * The URI for Paho clients, {@code tcp://host:port}, for example {@code tcp://127.0.0.1:1883}.
   */
  String serverUri();

  /** The broker's host name or address, without brackets. */
  String host();

  /** The broker's TCP port. */
  int port();

  /**
   * Where the broker comes from: {@code "external"} (named by {@code ANXIN_TEST_MQTT_URL}), {@code
   * "testcontainers"} or {@code "embedded"}.
   */
  String origin();
}
