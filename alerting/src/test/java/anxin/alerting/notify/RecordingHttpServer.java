package anxin.alerting.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP server on a free port that records every request and answers with a scripted
 * response; {@link #hang()} makes it never answer until closed (for timeouts).
 */
public final class RecordingHttpServer implements AutoCloseable {

  /** One request as received. */
  public record Request(String method, URI uri, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** A scripted answer. */
  public record Response(int status, String body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile Function<Request, Response> responder = r -> new Response(200, "{}");
  private volatile boolean hang;
  private volatile CountDownLatch hold;

  public RecordingHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          int now = inFlight.incrementAndGet();
          maxInFlight.accumulateAndGet(now, Math::max);
          try {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request req =
                new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body);
            requests.add(req);
            CountDownLatch h = hold;
            if (hang || h != null) {
              (h != null ? h : release).await(30, TimeUnit.SECONDS);
            }
            Response resp = responder.apply(req);
            byte[] bytes = resp.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(resp.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            inFlight.decrementAndGet();
            exchange.close();
          }
        });
    server.start();
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  public RecordingHttpServer answer(int status, String body) {
    responder = r -> new Response(status, body);
    return this;
  }

  public RecordingHttpServer answer(Function<Request, Response> f) {
    responder = f;
    return this;
  }

  /** Never answers (until closed). */
  public RecordingHttpServer hang() {
    hang = true;
    return this;
  }

  /** Holds every request until {@code latch} opens. */
  public RecordingHttpServer holdUntil(CountDownLatch latch) {
    hold = latch;
    return this;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public Request only() {
    if (requests.size() != 1) {
      throw new AssertionError("expected one request, got " + requests.size());
    }
    return requests.get(0);
  }

  /** The most requests handled at once. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
