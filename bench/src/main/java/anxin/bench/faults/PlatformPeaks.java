package anxin.bench.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * The most the platform held in memory while this is open, read from its {@code /metrics} every 250
 * ms: heap used (the sum of the heap pools), MQTT messages received and not yet taken by the
 * pipeline ({@code anxin_ingest_mqtt_waiting}), and events queued for the database ({@code
 * anxin_ingest_write_backlog}).
 */
final class PlatformPeaks implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final URI metrics;
  private final Thread thread;
  private volatile boolean stop;
  private volatile double heap;
  private volatile double waiting;
  private volatile double backlog;
  private volatile int samples;

  PlatformPeaks(String metricsUrl) {
    this.metrics = URI.create(metricsUrl);
    this.thread = new Thread(this::run, "faults-peaks");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (!stop) {
      try {
        String text =
            HTTP.send(
                    HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        double h = 0;
        for (String line : text.split("\n")) {
          if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
            h += value(line);
          } else if (line.startsWith("anxin_ingest_mqtt_waiting ")) {
            waiting = Math.max(waiting, value(line));
          } else if (line.startsWith("anxin_ingest_write_backlog")) {
            backlog = Math.max(backlog, value(line));
          }
        }
        heap = Math.max(heap, h);
        samples++;
        Thread.sleep(250);
      } catch (IOException e) {
        // the platform is busy or restarting: the next sample
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static double value(String line) {
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  /** The peaks so far, in words. */
  String summary() {
    return String.format(
        Locale.ROOT,
        "heap %,d MiB, %,.0f MQTT messages waiting for the pipeline, %,.0f events for the"
            + " database (%d samples)",
        (long) heap >> 20,
        waiting,
        backlog,
        samples);
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    thread.interrupt();
    thread.join(5_000);
  }
}
