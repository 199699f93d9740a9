package anxin.ingest.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * An HTTP(S) server that serves only the events endpoint: for a standalone ingest node and for
 * tests. The platform mounts {@link HttpIngestRoutes} on its own router and server instead.
 *
 * <p>HTTP/1.1 only: no h2c upgrade, no HTTP/2 by ALPN. Devices and webhook senders speak HTTP/1.1,
 * and on HTTP/2 Vert.x 5.0.8 does not let the endpoint cut off an oversized upload cleanly (a body
 * sent with an h2c upgrade keeps being read after the stream is reset).
 */
public final class HttpIngestServer implements AutoCloseable {

  /** How long {@link #start()} and {@link #close()} wait for Vert.x. */
  private static final Duration STARTUP = Duration.ofSeconds(30);

  /**
   * Where and how to listen.
   *
   * @param host interface to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
   * @param port TCP port, 0 for any free one ({@link #start()} returns it)
   * @param tls certificate and key for HTTPS, or null for plain HTTP
   * @param idleTimeout a connection with no traffic for this long is closed (default 60 s), which
   *     also bounds a body that trickles in
   */
  public record Config(String host, int port, Tls tls, Duration idleTimeout) {

    /** Checks every value and reports every problem at once. */
    public Config {
      List<String> problems = new ArrayList<>();
      if (host == null || host.isBlank()) {
        problems.add("host must not be blank");
      }
      if (port < 0 || port > 65535) {
        problems.add("port must be 0..65535: " + port);
      }
      if (idleTimeout == null || idleTimeout.toSeconds() < 1) {
        problems.add("idleTimeout must be at least 1 s: " + idleTimeout);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid HTTP ingest server config: " + problems);
      }
    }

    /** Plain HTTP with the default idle timeout. */
    public static Config plain(String host, int port) {
      return new Config(host, port, null, Duration.ofSeconds(60));
    }

    /** The same config serving HTTPS with this certificate and key. */
    public Config withTls(Tls tls) {
      return new Config(host, port, Objects.requireNonNull(tls, "tls"), idleTimeout);
    }
  }

  /**
   * HTTPS material, PEM files read at {@link #start()}.
   *
   * @param certificatePem the server certificate, followed by its chain if any
   * @param privateKeyPem its private key, PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 RSA
   */
  public record Tls(Path certificatePem, Path privateKeyPem) {
    public Tls {
      Objects.requireNonNull(certificatePem, "certificatePem");
      Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    }
  }

  private final Vertx vertx;
  private final Config config;
  private final UnaryOperator<Router> routes;
  private HttpServer server;

  /**
   * @param vertx the Vert.x instance to run on; not closed by {@link #close()}
   * @param config where to listen
   * @param routes the endpoint
   */
  public HttpIngestServer(Vertx vertx, Config config, HttpIngestRoutes routes) {
    this(vertx, config, routes::mount);
  }

  /**
   * A server for more than the ingest endpoint (the platform's API and console on the same port).
   *
   * @param routes mounts every route on the router it is given and returns it
   */
  public HttpIngestServer(Vertx vertx, Config config, UnaryOperator<Router> routes) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.config = Objects.requireNonNull(config, "config");
    this.routes = Objects.requireNonNull(routes, "routes");
  }

  /**
   * Binds and starts serving. Blocks until bound: call it from a main or test thread, never from an
   * event loop.
   *
   * @return the bound port (the chosen one when the config says 0)
   * @throws IllegalStateException when binding fails (port in use, unreadable certificate)
   */
  public synchronized int start() {
    if (server != null) {
      throw new IllegalStateException("already started on port " + server.actualPort());
    }
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(config.host())
            .setPort(config.port())
            .setHttp2ClearTextEnabled(false)
            .setIdleTimeout((int) config.idleTimeout().toSeconds())
            .setIdleTimeoutUnit(TimeUnit.SECONDS);
    if (config.tls() != null) {
      options
          .setSsl(true)
          .setKeyCertOptions(
              new PemKeyCertOptions()
                  .setCertPath(config.tls().certificatePem().toString())
                  .setKeyPath(config.tls().privateKeyPem().toString()));
    }
    Router router = routes.apply(Router.router(vertx));
    HttpServer created = vertx.createHttpServer(options).requestHandler(router);
    try {
      server = created.listen().await(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      created.close();
      throw new IllegalStateException("HTTP ingest server did not bind within " + STARTUP, e);
    } catch (Exception e) { // Future.await rethrows the cause as is, even a checked BindException
      throw new IllegalStateException(
          "HTTP ingest server failed to bind " + config.host() + ":" + config.port() + ": " + e, e);
    }
    return server.actualPort();
  }

  /** Stops listening and closes open connections; the Vert.x instance stays up. */
  @Override
  public synchronized void close() {
    if (server == null) {
      return;
    }
    try {
      server.close().await(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("HTTP ingest server did not close within " + STARTUP, e);
    } finally {
      server = null;
    }
  }
}
