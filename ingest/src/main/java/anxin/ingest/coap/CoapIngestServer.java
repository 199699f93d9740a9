package anxin.ingest.coap;

import anxin.ingest.DeviceRegistry;
import anxin.ingest.Ingest;
import anxin.ingest.pipeline.IngestMetrics;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CoAP endpoint of DESIGN §3: {@code POST /v1/events} over DTLS 1.2 with pre-shared keys
 * (identity = device id, key from the {@link DeviceRegistry}) and, only when {@link
 * CoapIngestConfig#allowPlain()} says so, over plain CoAP. Every message goes to {@link
 * Ingest#submit}; the receipt becomes the response code (see {@code docs/ingest-coap.md}).
 *
 * <pre>{@code
 * var server = new CoapIngestServer(CoapIngestConfig.defaults(), ingest, registry, clock);
 * server.start();
 * ...
 * server.close();
 * }</pre>
 */
public final class CoapIngestServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CoapIngestServer.class);

  private final CoapServer server;
  private final ScheduledThreadPoolExecutor timer;
  private final CoapEndpoint plain;
  private final CoapEndpoint dtls;

  /**
   * Sets the endpoint up without binding anything; {@link #start()} binds.
   *
   * @param config validated configuration
   * @param ingest the pipeline every message is submitted to
   * @param registry devices and their DTLS keys
   * @param clock wall clock for {@link anxin.ingest.Submission#receivedAt()}
   */
  public CoapIngestServer(
      CoapIngestConfig config, Ingest ingest, DeviceRegistry registry, Clock clock) {
    this(config, ingest, registry, clock, IngestMetrics.NOOP);
  }

  /**
   * As {@link #CoapIngestServer(CoapIngestConfig, Ingest, DeviceRegistry, Clock)}, counting the
   * requests the endpoint refuses itself (before the pipeline sees them) in {@code metrics}.
   */
  public CoapIngestServer(
      CoapIngestConfig config,
      Ingest ingest,
      DeviceRegistry registry,
      Clock clock,
      IngestMetrics metrics) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(ingest, "ingest");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(clock, "clock");
    Configuration californium = Endpoints.configuration();
    this.timer = new ScheduledThreadPoolExecutor(1, CoapIngestServer::timerThread);
    timer.setRemoveOnCancelPolicy(true);
    this.server = new CoapServer(californium);
    this.plain =
        config.plainEnabled()
            ? Endpoints.plain(
                californium,
                new InetSocketAddress(config.bindAddress(), config.plainPort()),
                metrics)
            : null;
    this.dtls =
        config.dtlsEnabled()
            ? Endpoints.dtls(
                metrics,
                californium,
                new InetSocketAddress(config.bindAddress(), config.dtlsPort()),
                registry)
            : null;
    if (plain != null) {
      server.addEndpoint(plain);
    }
    if (dtls != null) {
      server.addEndpoint(dtls);
    }
    CoapResource v1 = new CoapResource("v1");
    v1.add(new EventsResource(ingest, registry, clock, config.responseTimeout(), timer, metrics));
    server.add(v1);
  }

  /** As {@link #CoapIngestServer(CoapIngestConfig, Ingest, DeviceRegistry, Clock)}, system UTC. */
  public CoapIngestServer(CoapIngestConfig config, Ingest ingest, DeviceRegistry registry) {
    this(config, ingest, registry, Clock.systemUTC());
  }

  /**
   * Binds the endpoints and starts serving.
   *
   * @throws IllegalStateException when an endpoint cannot bind (e.g. its port is taken); nothing is
   *     left running then
   */
  public synchronized void start() {
    try {
      server.start();
    } catch (IllegalStateException e) {
      close();
      throw e;
    }
    for (CoapEndpoint endpoint :
        server.getEndpoints().stream().map(CoapEndpoint.class::cast).toList()) {
      if (!endpoint.isStarted()) {
        close();
        throw new IllegalStateException("CoAP endpoint did not start: " + endpoint.getUri());
      }
      LOG.info("CoAP ingest listening on {}", endpoint.getUri());
    }
  }

  /** The bound plain CoAP address (its port resolved when 0 was configured), if plain is on. */
  public Optional<InetSocketAddress> plainAddress() {
    return Optional.ofNullable(plain).map(CoapEndpoint::getAddress);
  }

  /** The bound DTLS address (its port resolved when 0 was configured), if DTLS is on. */
  public Optional<InetSocketAddress> dtlsAddress() {
    return Optional.ofNullable(dtls).map(CoapEndpoint::getAddress);
  }

  /** Stops serving and frees the ports; requests still waiting for a receipt get no answer. */
  @Override
  public synchronized void close() {
    server.destroy();
    timer.shutdownNow();
  }

  private static Thread timerThread(Runnable r) {
    Thread t = new Thread(r, "anxin-coap-timer");
    t.setDaemon(true);
    return t;
  }
}
