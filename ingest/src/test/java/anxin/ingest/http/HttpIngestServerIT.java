package anxin.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import anxin.ingest.registry.InMemoryDeviceRegistry;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.topic.Topics;
import anxin.testing.SelfSignedPem;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone server: binding, HTTPS with PEM files, and what a default JDK client speaks. */
class HttpIngestServerIT {

  private static final byte[] PANIC =
      new EventCodec().encodeJson(Event.of(TestEndpoint.DEVICE.id(), 1, EventType.PANIC));

  private static Vertx vertx;
  private static FakeIngest ingest;
  private static HttpIngestRoutes routes;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    ingest = new FakeIngest();
    InMemoryDeviceRegistry registry =
        new InMemoryDeviceRegistry()
            .put(TestEndpoint.DEVICE)
            .token(TestEndpoint.DEVICE.id(), TestEndpoint.TOKEN);
    routes = new HttpIngestRoutes(ingest, registry, HttpIngestSettings.DEFAULTS, Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @Test
  void start_withTls_servesHttpsWithThePemCertificate(@TempDir Path dir) throws Exception {
    SelfSignedPem pem = SelfSignedPem.create(dir, "ingest");
    HttpIngestServer.Config config =
        HttpIngestServer.Config.plain("127.0.0.1", 0)
            .withTls(new HttpIngestServer.Tls(pem.certificate(), pem.privateKey()));
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(pem.trustingContext())
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    try (HttpIngestServer server = new HttpIngestServer(vertx, config, routes)) {
      int port = server.start();
      HttpResponse<String> response =
          client.send(
              post(URI.create("https://127.0.0.1:" + port + Topics.HTTP_EVENTS_PATH)),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(response.uri().getScheme()).isEqualTo("https");
    }
  }

  @Test
  void start_defaultJdkClient_isServedOverHttp11() throws Exception {
    // The JDK client asks for an h2c upgrade by default; the server stays on HTTP/1.1.
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    try (HttpIngestServer server =
        new HttpIngestServer(vertx, HttpIngestServer.Config.plain("127.0.0.1", 0), routes)) {
      int port = server.start();
      HttpResponse<String> response =
          client.send(
              post(URI.create("http://127.0.0.1:" + port + Topics.HTTP_EVENTS_PATH)),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }
  }

  @Test
  void start_portInUse_failsNamingTheAddress() {
    try (HttpIngestServer first =
        new HttpIngestServer(vertx, HttpIngestServer.Config.plain("127.0.0.1", 0), routes)) {
      int port = first.start();
      HttpIngestServer second =
          new HttpIngestServer(vertx, HttpIngestServer.Config.plain("127.0.0.1", port), routes);

      assertThatThrownBy(second::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("127.0.0.1:" + port);
    }
  }

  @Test
  void start_missingCertificate_fails(@TempDir Path dir) {
    HttpIngestServer.Config config =
        HttpIngestServer.Config.plain("127.0.0.1", 0)
            .withTls(
                new HttpIngestServer.Tls(dir.resolve("missing.pem"), dir.resolve("missing.key")));

    try (HttpIngestServer server = new HttpIngestServer(vertx, config, routes)) {
      assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }
  }

  private static HttpRequest post(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(TestEndpoint.REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + TestEndpoint.TOKEN)
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofByteArray(PANIC))
        .build();
  }
}
