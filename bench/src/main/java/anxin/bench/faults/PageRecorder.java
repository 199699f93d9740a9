package anxin.bench.faults;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pager: an HTTP server that takes the platform's generic webhook calls (docs/alerting-channels
 * .md) and counts every page by its {@code dedup_key} (alert, step, recipient, channel), per path,
 * so that a page sent twice is seen, whichever process sent it.
 */
public final class PageRecorder implements AutoCloseable {

  /** One received page. */
  public record Page(String alert, String dedupKey) {}

  private static final Pattern ALERT = Pattern.compile("\"alert\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern KEY = Pattern.compile("\"dedup_key\"\\s*:\\s*\"([^\"]*)\"");

  private final HttpServer server;
  private final Map<String, Map<Page, AtomicInteger>> byPath = new ConcurrentHashMap<>();
  private final Map<String, Long> firstByAlert = new ConcurrentHashMap<>();

  public PageRecorder() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher a = ALERT.matcher(body);
            Matcher k = KEY.matcher(body);
            Page page = new Page(a.find() ? a.group(1) : "?", k.find() ? k.group(1) : body);
            firstByAlert.putIfAbsent(page.alert(), System.nanoTime());
            byPath
                .computeIfAbsent(exchange.getRequestURI().getPath(), p -> new ConcurrentHashMap<>())
                .computeIfAbsent(page, p -> new AtomicInteger())
                .incrementAndGet();
            byte[] ok = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  /** The URL of {@code path} on this server. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Pages received on {@code path}, with how often each arrived. */
  public Map<Page, Integer> pages(String path) {
    Map<Page, Integer> out = new java.util.HashMap<>();
    byPath.getOrDefault(path, Map.of()).forEach((p, n) -> out.put(p, n.get()));
    return out;
  }

  /** {@link System#nanoTime()} when the first page of each alert arrived, by alert id. */
  public Map<String, Long> firstPageNanos() {
    return Map.copyOf(firstByAlert);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
