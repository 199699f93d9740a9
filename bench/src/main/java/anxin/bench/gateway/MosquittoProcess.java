package anxin.bench.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto of the benchmark's own on a loopback port: no queue limits (the stock 2.0.11 drops
 * QoS 1 messages beyond 1,000 queued for a slow subscriber, docs/benchmarks.md), {@code $SYS} every
 * second, its log in {@code dir}; without persistence unless {@link #startPersistent} (sessions and
 * queued messages saved in {@code dir} when it stops, so that a restart keeps them).
 */
public final class MosquittoProcess implements AutoCloseable {

  private final Process process;
  private final String binary;
  private final int port;
  private final Path dir;
  private final boolean persistent;

  private MosquittoProcess(Process process, String binary, int port, Path dir, boolean persistent) {
    this.process = process;
    this.binary = binary;
    this.port = port;
    this.dir = dir;
    this.persistent = persistent;
  }

  public static MosquittoProcess start(String binary, int port, Path dir) throws IOException {
    return start(binary, port, dir, false);
  }

  /** A broker that saves its sessions and queues in {@code dir} on a clean stop. */
  public static MosquittoProcess startPersistent(String binary, int port, Path dir)
      throws IOException {
    return start(binary, port, dir, true);
  }

  private static MosquittoProcess start(String binary, int port, Path dir, boolean persistent)
      throws IOException {
    Files.createDirectories(dir);
    Path conf = dir.resolve("mosquitto-" + port + ".conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "listener " + port + " 127.0.0.1",
            "allow_anonymous true",
            // Run as root, Mosquitto drops to the user "mosquitto", which cannot write the
            // persistence file into a directory we created: it then loses every session at a
            // stop (log: "Error: Permission denied"). Staying the user we are avoids that; as
            // any other user the line has no effect.
            "user " + System.getProperty("user.name"),
            persistent ? "persistence true" : "persistence false",
            persistent ? "persistence_location " + dir.toAbsolutePath() + "/" : "",
            persistent ? "persistence_file mosquitto-" + port + ".db" : "",
            "max_queued_messages 0",
            "max_queued_bytes 0",
            "sys_interval 1",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type subscribe",
            ""));
    Process p =
        new ProcessBuilder(binary, "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(
                    dir.resolve("mosquitto-" + port + ".log").toFile()))
            .start();
    MosquittoProcess m = new MosquittoProcess(p, binary, port, dir, persistent);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return m;
      } catch (IOException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          m.close();
          throw new IOException("mosquitto on port " + port + " did not start (see " + dir + ")");
        }
        sleep(10);
      }
    }
  }

  public String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  /**
   * Waits until the broker's log has a line containing {@code text} (with {@code log_type
   * subscribe}, a client's subscription: {@code <client id> 1 <filter>}); false on timeout.
   */
  public boolean awaitLog(String text, long timeoutSeconds) throws InterruptedException {
    Path log = dir.resolve("mosquitto-" + port + ".log");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() < deadline) {
      try {
        if (Files.readString(log).contains(text)) {
          return true;
        }
      } catch (IOException e) {
        // not written yet
      }
      Thread.sleep(50);
    }
    return false;
  }

  public int port() {
    return port;
  }

  /**
   * Stops the broker cleanly (SIGTERM: a persistent one saves its sessions and queues) and starts a
   * new one with the same configuration; returns the new one.
   */
  public MosquittoProcess restart() throws IOException {
    close();
    return start(binary, port, dir, persistent);
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
