package anxin.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private Mosquitto process on a free loopback port with a TLS listener, for tests of TLS to the
 * broker; its configuration and log in the given directory. Needs the {@code mosquitto} binary
 * ({@link #binary()}); tests skip when it is missing.
 */
public final class MosquittoProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private MosquittoProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The {@code mosquitto} binary, if installed (Debian puts it in /usr/sbin). */
  public static Optional<Path> binary() {
    for (String dir : List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin")) {
      Path p = Path.of(dir, "mosquitto");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Starts Mosquitto with one TLS listener.
   *
   * @param server the broker's certificate and key
   * @param clientCa the CA of client certificates, which are then required; null for none
   */
  public static MosquittoProcess startTls(
      Path binary, Path dir, SelfSignedPem server, Path clientCa) throws IOException {
    Files.createDirectories(dir);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path conf = dir.resolve("mosquitto-" + port + ".conf");
    StringBuilder c = new StringBuilder();
    // Started as root, Mosquitto drops to user "mosquitto", who cannot read a test's private
    // directory; as anyone else it ignores this line.
    c.append("user ").append(System.getProperty("user.name")).append('\n');
    c.append("listener ").append(port).append(" 127.0.0.1\n");
    c.append("certfile ").append(server.certificate()).append('\n');
    c.append("keyfile ").append(server.privateKey()).append('\n');
    if (clientCa != null) {
      c.append("cafile ").append(clientCa).append('\n');
      c.append("require_certificate true\n");
    }
    c.append("allow_anonymous true\npersistence false\nlog_dest stderr\n");
    Files.writeString(conf, c.toString());
    Path log = dir.resolve("mosquitto-" + port + ".log");
    Process p =
        new ProcessBuilder(binary.toString(), "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    MosquittoProcess m = new MosquittoProcess(p, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return m;
      } catch (IOException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          m.close();
          throw new IOException(
              "mosquitto on port " + port + " did not start: " + Files.readString(log));
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException x) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", x);
        }
      }
    }
  }

  /** {@code ssl://127.0.0.1:PORT}. */
  public String uri() {
    return "ssl://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
