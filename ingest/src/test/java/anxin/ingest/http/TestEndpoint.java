package anxin.ingest.http;

import anxin.ingest.Device;
import anxin.ingest.registry.InMemoryDeviceRegistry;
import anxin.protocol.topic.Topics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The events endpoint on a real socket (127.0.0.1, any free port) over a {@link FakeIngest} and an
 * in-memory registry with one device, and a JDK HTTP client to talk to it.
 */
final class TestEndpoint implements AutoCloseable {

  static final Device DEVICE =
      new Device("pb-101", "sunrise-home", "panic_button", "101", "r-17", Duration.ofMinutes(5));

  /** Distinctive, so that a leak into a log line cannot be missed. */
  static final String TOKEN = "tok_Q2hlY2tUaGF0VGhpc05ldmVyTGVha3M.x~y+z/0";

  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  final Vertx vertx = Vertx.vertx();
  final FakeIngest ingest = new FakeIngest();
  final InMemoryDeviceRegistry registry = new InMemoryDeviceRegistry().put(DEVICE);
  final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final HttpIngestServer server;
  final URI uri;

  TestEndpoint(HttpIngestSettings settings) {
    registry.token(DEVICE.id(), TOKEN);
    HttpIngestRoutes routes = new HttpIngestRoutes(ingest, registry, settings, Clock.systemUTC());
    server = new HttpIngestServer(vertx, HttpIngestServer.Config.plain("127.0.0.1", 0), routes);
    int port = server.start();
    uri = URI.create("http://127.0.0.1:" + port + Topics.HTTP_EVENTS_PATH);
  }

  /** A POST to the endpoint with the device's token; add the body and headers. */
  HttpRequest.Builder request() {
    return HttpRequest.newBuilder(uri)
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + TOKEN);
  }

  HttpResponse<String> post(String contentType, byte[] body)
      throws IOException, InterruptedException {
    return send(
        request()
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      vertx.close().await(20, TimeUnit.SECONDS);
    }
  }
}
