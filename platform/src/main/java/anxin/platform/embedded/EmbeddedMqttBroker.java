package anxin.platform.embedded;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An MQTT 5 broker in this process (HiveMQ CE embedded), for the demo and for {@code serve} when no
 * broker is configured. Listens on loopback only.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

  private final EmbeddedHiveMQ hivemq;
  private final int port;

  private EmbeddedMqttBroker(EmbeddedHiveMQ hivemq, int port) {
    this.hivemq = hivemq;
    this.port = port;
  }

  /**
   * Starts the broker on {@code preferredPort} of 127.0.0.1, or on a free port when that one is
   * taken (or is 0).
   *
   * @param home directory for its configuration and data; created if missing
   * @throws IOException when it cannot start
   */
  public static EmbeddedMqttBroker start(Path home, int preferredPort) throws IOException {
    int port = preferredPort > 0 && isFree(preferredPort) ? preferredPort : freePort();
    Path conf = Files.createDirectories(home.resolve("conf"));
    Files.writeString(conf.resolve("config.xml"), config(port), StandardCharsets.UTF_8);
    EmbeddedHiveMQ hivemq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(conf)
            .withDataFolder(Files.createDirectories(home.resolve("data")))
            .withExtensionsFolder(Files.createDirectories(home.resolve("extensions")))
            .withoutLoggingBootstrap()
            .build();
    try {
      hivemq.start().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      closeQuietly(hivemq);
      throw new IOException("embedded HiveMQ CE did not start on port " + port + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(hivemq);
      throw new IOException("interrupted while starting embedded HiveMQ CE", e);
    }
    return new EmbeddedMqttBroker(hivemq, port);
  }

  /** The port it listens on, on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** {@code tcp://127.0.0.1:PORT}. */
  public String serverUri() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    closeQuietly(hivemq);
  }

  private static void closeQuietly(EmbeddedHiveMQ hivemq) {
    try {
      hivemq.close();
    } catch (ExecutionException e) {
      // stopping: the broker is going away either way
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String config(int port) {
    return """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>127.0.0.1</bind-address>
            </tcp-listener>
          </listeners>
          <mqtt>
            <queued-messages>
              <!-- HiveMQ's default (1000, discard) drops QoS 1 messages for a subscriber that
                   falls behind a burst, such as ingest catching up after a restart. -->
              <max-queue-size>1000000</max-queue-size>
            </queued-messages>
          </mqtt>
          <persistence>
            <mode>in-memory</mode>
          </persistence>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
        </hivemq>
        """
        .formatted(port);
  }

  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
