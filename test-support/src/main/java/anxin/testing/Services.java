package anxin.testing;

import anxin.testing.ServiceChooser.ContainerMqtt;
import anxin.testing.ServiceChooser.ContainerPostgres;
import anxin.testing.ServiceChooser.ExternalMqtt;
import anxin.testing.ServiceChooser.ExternalPostgres;
import anxin.testing.ServiceChooser.MqttChoice;
import anxin.testing.ServiceChooser.PostgresChoice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services of one test run: each started on first use, at most once, and all stopped by {@link
 * #close()}. A failure to start is remembered and reported again to every later caller, so that one
 * unreachable server fails every test that needs it fast and with the same message.
 */
final class Services implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TestServices.class);

  private final ServiceChooser chooser;
  private final Once<PostgresServer> postgres = new Once<>(this::startPostgres);
  private final Once<MqttEndpoint> mqtt = new Once<>(this::startMqtt);
  private final Deque<AutoCloseable> running = new ArrayDeque<>(); // guarded by this
  private Path directory; // guarded by this
  private boolean closed; // guarded by this

  Services(ServiceChooser chooser) {
    this.chooser = chooser;
  }

  /** Services chosen from {@code env} (usually {@code System.getenv()}) and Testcontainers. */
  static Services fromEnvironment(Map<String, String> env) {
    return new Services(new ServiceChooser(env, ContainerServices::dockerAvailable));
  }

  /**
   * The PostgreSQL server, started on first call.
   *
   * @throws IllegalStateException when it could not be had, saying why (and which variable)
   */
  Postgres postgres() {
    return postgres.get();
  }

  /**
   * The MQTT broker, started on first call.
   *
   * @throws IllegalStateException when it could not be had, saying why (and which variable)
   */
  MqttBroker mqtt() {
    return mqtt.get();
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /** Drops fresh databases from an external server, stops what was started, newest first. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    long start = System.nanoTime();
    postgres.ifStarted(
        pg -> {
          if (pg.origin().equals("external")) { // other servers are discarded whole
            pg.dropFreshDatabases();
          }
        });
    stopAll();
    LOG.info("test services stopped in {} ms", millisSince(start));
  }

  private synchronized void stopAll() {
    while (!running.isEmpty()) {
      AutoCloseable service = running.pop();
      long start = System.nanoTime();
      try {
        service.close();
        LOG.debug("stopped {} in {} ms", service, millisSince(start));
      } catch (Exception e) {
        LOG.warn("could not stop {}", service, e);
      }
    }
    if (directory != null) {
      deleteQuietly(directory);
    }
  }

  private PostgresServer startPostgres() {
    PostgresChoice choice = chooser.postgres();
    if (choice instanceof ExternalPostgres external) {
      PostgresServer server = ExternalServices.postgres(external);
      LOG.info("PostgreSQL: external ({}), server {}", choice.reason(), versionOf(server));
      return server;
    }
    checkOpen();
    long start = System.nanoTime();
    String what = "embedded";
    PostgresServer server;
    try {
      if (choice instanceof ContainerPostgres container) {
        what = "Testcontainers " + container.image();
        server = ContainerServices.startPostgres(container.image(), this::onStop);
      } else {
        server = ZonkyPostgres.start(directory().resolve("postgres"), this::onStop);
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "PostgreSQL: " + what + " (" + choice.reason() + ") did not start: " + e, e);
    }
    LOG.info(
        "PostgreSQL: {} on {} ({}), server {}, started in {} ms",
        what,
        server.jdbcUrl(),
        choice.reason(),
        versionOf(server),
        millisSince(start));
    return server;
  }

  private MqttEndpoint startMqtt() {
    MqttChoice choice = chooser.mqtt();
    if (choice instanceof ExternalMqtt external) {
      MqttEndpoint broker = ExternalServices.mqtt(external);
      LOG.info("MQTT: external ({})", choice.reason());
      return broker;
    }
    checkOpen();
    long start = System.nanoTime();
    String what = "embedded HiveMQ CE";
    MqttEndpoint broker;
    try {
      if (choice instanceof ContainerMqtt container) {
        what = "Testcontainers " + container.image();
        broker = ContainerServices.startHiveMq(container.image(), this::onStop);
      } else {
        broker = EmbeddedHiveMqBroker.start(directory().resolve("hivemq"), this::onStop);
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "MQTT: " + what + " (" + choice.reason() + ") did not start: " + e, e);
    }
    LOG.info(
        "MQTT: {} on {} ({}), started in {} ms",
        what,
        broker.serverUri(),
        choice.reason(),
        millisSince(start));
    return broker;
  }

  private static String versionOf(PostgresServer server) {
    try {
      return server.serverVersion();
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL started but does not answer: " + server, e);
    }
  }

  private synchronized void onStop(AutoCloseable service) {
    running.push(service);
  }

  private synchronized void checkOpen() {
    if (closed) {
      throw new IllegalStateException("test services are already stopped");
    }
  }

  /** A private temporary directory for embedded servers, made on first use. */
  private synchronized Path directory() {
    if (directory == null) {
      try {
        directory = Files.createTempDirectory("anxin-test-services-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return directory;
  }

  private static long millisSince(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }

  private static void deleteQuietly(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not delete {}", root, e);
    }
  }

  /** A value computed at most once; a failure is kept and thrown again. */
  private static final class Once<T> {
    private final Supplier<T> start;
    private volatile T value; // written under this
    private RuntimeException failure; // guarded by this

    Once(Supplier<T> start) {
      this.start = start;
    }

    synchronized T get() {
      if (value != null) {
        return value;
      }
      if (failure != null) {
        throw new IllegalStateException(failure.getMessage(), failure);
      }
      try {
        value = start.get();
        return value;
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
    }

    void ifStarted(Consumer<T> action) {
      T started = value;
      if (started != null) {
        action.accept(started);
      }
    }
  }
}
