package anxin.bench.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto of the benchmark's own on a loopback port: no persistence, no queue limits (the stock
 * 2.0.11 drops QoS 1 messages beyond 1,000 queued for a slow subscriber, docs/benchmarks.md),
 * {@code $SYS} every second, its log in {@code dir}.
 */
final class MosquittoProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private MosquittoProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static MosquittoProcess start(String binary, int port, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path conf = dir.resolve("mosquitto-" + port + ".conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "listener " + port + " 127.0.0.1",
            "allow_anonymous true",
            "persistence false",
            "max_queued_messages 0",
            "max_queued_bytes 0",
            "sys_interval 1",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            "log_type notice",
            ""));
    Process p =
        new ProcessBuilder(binary, "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(
                    dir.resolve("mosquitto-" + port + ".log").toFile()))
            .start();
    MosquittoProcess m = new MosquittoProcess(p, port);
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

  String uri() {
    return "tcp://127.0.0.1:" + port;
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

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
