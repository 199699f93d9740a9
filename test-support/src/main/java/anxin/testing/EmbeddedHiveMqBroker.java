package anxin.testing;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Starts HiveMQ CE in this JVM, listening on a free loopback port, with in-memory persistence and
 * its configuration and data under a given directory.
 */
final class EmbeddedHiveMqBroker {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final int ATTEMPTS = 3;

  private EmbeddedHiveMqBroker() {}

  /**
   * Starts the broker, retrying on another port should the free port found be taken meanwhile.
   *
   * @param directory where config, data and (empty) extensions folders are made
   * @param onStop receives what stops the broker
   * @throws IllegalStateException when it did not start, with the last cause
   */
  static MqttEndpoint start(Path directory, Consumer<AutoCloseable> onStop) {
    Exception last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      EmbeddedHiveMQ hivemq = null;
      try {
        int port = freeLoopbackPort();
        Path home = Files.createDirectories(directory.resolve("attempt-" + attempt));
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(conf.resolve("config.xml"), config(port), StandardCharsets.UTF_8);
        hivemq =
            EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(Files.createDirectories(home.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(home.resolve("extensions")))
                .withoutLoggingBootstrap() // keep the test run's logging configuration
                .build();
        hivemq.start().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        // start() can complete while a listener failed to bind; ask the port itself.
        MqttProbe.check("127.0.0.1", port, Duration.ofSeconds(10));
        onStop.accept(hivemq);
        return new MqttEndpoint("127.0.0.1", port, "embedded");
      } catch (IOException | ExecutionException | TimeoutException e) {
        last = e;
        closeQuietly(hivemq, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closeQuietly(hivemq, e);
        throw new IllegalStateException("interrupted while starting embedded HiveMQ CE", e);
      }
    }
    throw new IllegalStateException(
        "embedded HiveMQ CE did not start in " + ATTEMPTS + " attempts: " + last, last);
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
          <persistence>
            <mode>in-memory</mode>
          </persistence>
          <mqtt>
            <queued-messages>
              <!-- HiveMQ's default (1000, discard) silently drops QoS 1 messages for a subscriber
                   that falls behind a burst; tests must see every message. -->
              <max-queue-size>1000000</max-queue-size>
            </queued-messages>
          </mqtt>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
        </hivemq>
        """
        .formatted(port);
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void closeQuietly(EmbeddedHiveMQ hivemq, Exception failure) {
    if (hivemq == null) {
      return;
    }
    try {
      hivemq.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }
}
