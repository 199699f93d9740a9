package anxin.bench.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The platform ({@code anxin serve -c FILE}) as a child JVM, its output appended to a log file.
 * {@code launcher} is the command up to the subcommand: {@code java -cp anxin-platform.jar
 * anxin.platform.app.Main}, or the same with a test class path.
 */
public final class PlatformProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int httpPort;

  private PlatformProcess(Process process, int httpPort) {
    this.process = process;
    this.httpPort = httpPort;
  }

  /** Runs a one-off command ({@code migrate}, {@code import ...}); throws unless it exits 0. */
  public static void run(List<String> launcher, Path log, String... args)
      throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(launcher);
    argv.addAll(List.of(args));
    Process p =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + args[0] + " (see " + log + ")");
    }
    if (p.exitValue() != 0) {
      throw new IOException(args[0] + " exited " + p.exitValue() + " (see " + log + ")");
    }
  }

  /** Starts {@code serve} and waits until {@code /health/ready} answers 200. */
  public static PlatformProcess start(List<String> launcher, Path config, int httpPort, Path log)
      throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(launcher);
    argv.addAll(List.of("serve", "-c", config.toString()));
    Process p =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    PlatformProcess platform = new PlatformProcess(p, httpPort);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (!platform.ready()) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        platform.kill();
        throw new IOException("the platform did not become ready (see " + log + ")");
      }
      Thread.sleep(100);
    }
    return platform;
  }

  /** True when {@code GET /health/ready} answers 200. */
  public boolean ready() {
    try {
      HttpRequest r =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
              .timeout(Duration.ofSeconds(2))
              .build();
      return HTTP.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGKILL, and waits until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM (a graceful stop); SIGKILL after 60 s. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      kill();
    }
  }
}
