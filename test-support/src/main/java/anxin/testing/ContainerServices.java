package anxin.testing;

import java.util.function.Consumer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.hivemq.HiveMQContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** Starts the services as Testcontainers containers; used only where a Docker engine exists. */
final class ContainerServices {

  private ContainerServices() {}

  /** Whether Testcontainers finds a Docker engine; false on any failure to ask. */
  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * Starts a PostgreSQL container.
   *
   * @param image a PostgreSQL image, or one that behaves as one (TimescaleDB)
   * @param onStop receives what stops the container
   */
  static PostgresServer startPostgres(String image, Consumer<AutoCloseable> onStop) {
    PostgreSQLContainer container =
        new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"));
    container.start();
    onStop.accept(container);
    JdbcUrl url = JdbcUrl.parse(container.getJdbcUrl()).withParam("user", container.getUsername());
    return new PostgresServer(url, container.getPassword(), "testcontainers");
  }

  /**
   * Starts a HiveMQ CE container.
   *
   * @param onStop receives what stops the container
   */
  static MqttEndpoint startHiveMq(String image, Consumer<AutoCloseable> onStop) {
    HiveMQContainer container = new HiveMQContainer(DockerImageName.parse(image));
    container.start();
    onStop.accept(container);
    return new MqttEndpoint(container.getHost(), container.getMqttPort(), "testcontainers");
  }
}
