package anxin.bench;

import anxin.alerting.notify.Param;
import anxin.alerting.notify.console.ConsolePublisher;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A caregiver's console, as the benchmark's page receiver: the platform's alert stream ({@code GET
 * /api/v1/alerts/stream}, server-sent events) read on its own thread. It keeps which device each
 * alert is about (from the alert events) and when the first page of each alert arrived ({@link
 * System#nanoTime()} when its frame was read), so a probe's latency is publish to page on the staff
 * member's screen: broker, ingest, alerting core, the alert's commit, the outbox, the console
 * channel and the stream. It also observes the console channel in process, for when each page was
 * handed to the channel (issue 8's measure: publish to page handed to a channel); as a console
 * subscriber it makes the channel count a page delivered even with no staff console open, which the
 * benchmark always has.
 */
final class PageListener implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> deviceOfAlert = new ConcurrentHashMap<>();
  private final Map<String, Long> firstPage = new ConcurrentHashMap<>();
  private final Map<String, Long> firstHanded = new ConcurrentHashMap<>();
  private final ConsolePublisher.Subscription channel;
  private final AtomicLong pages = new AtomicLong();
  private final Thread reader;
  private volatile Stream<String> lines;
  private volatile boolean closed;

  /**
   * @param console the platform's console channel, observed as well: when each alert's first page
   *     was handed to it (before the stream's thread and the client's read)
   */
  PageListener(String baseUrl, String token, ConsolePublisher console)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/alerts/stream"))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() != 200) {
      throw new IOException("alert stream answered " + response.statusCode());
    }
    lines = response.body();
    channel =
        console.subscribe(
            m -> {
              String alert = m.params().get(Param.ALERT_ID.key());
              if (alert != null) {
                firstHanded.putIfAbsent(alert, System.nanoTime());
              }
            });
    reader = new Thread(this::read, "bench-page-listener");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    String event = null;
    StringBuilder data = new StringBuilder();
    try {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isEmpty()) {
          if (event != null) {
            dispatch(event, data.toString(), System.nanoTime());
          }
          event = null;
          data.setLength(0);
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line, 6, line.length());
        }
      }
    } catch (UncheckedIOException e) {
      if (!closed) {
        System.err.println("page listener: stream lost: " + e.getCause());
      }
    }
  }

  private void dispatch(String event, String data, long at) {
    try {
      JsonNode n = JSON.readTree(data);
      if (event.equals("page")) {
        pages.incrementAndGet();
        firstPage.putIfAbsent(n.path("alert").asText(), at);
      } else if (n.hasNonNull("id") && n.hasNonNull("device")) {
        deviceOfAlert.putIfAbsent(n.get("id").asText(), n.get("device").asText());
      }
    } catch (IOException e) {
      System.err.println("page listener: unreadable frame " + event + ": " + e);
    }
  }

  /** Pages seen so far. */
  long pages() {
    return pages.get();
  }

  /** When the first page about each device's alert arrived on the stream, by device. */
  Map<String, Long> firstPageByDevice() {
    return byDevice(firstPage);
  }

  /** When the first page about each device's alert was handed to the console channel. */
  Map<String, Long> firstHandedByDevice() {
    return byDevice(firstHanded);
  }

  private Map<String, Long> byDevice(Map<String, Long> byAlert) {
    Map<String, Long> byDevice = new ConcurrentHashMap<>();
    byAlert.forEach(
        (alert, at) -> {
          String device = deviceOfAlert.get(alert);
          if (device != null) {
            byDevice.merge(device, at, Math::min);
          }
        });
    return byDevice;
  }

  @Override
  public void close() {
    closed = true;
    channel.close();
    lines.close();
  }
}
