package anxin.gateway.local.coap;

import anxin.gateway.AdapterMetrics;
import anxin.gateway.Intake;
import anxin.gateway.local.Admission;
import anxin.protocol.Limits;
import java.net.InetSocketAddress;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 6 item 1c: the gateway's CoAP server (Californium) for constrained sensors on the LAN,
 * {@code POST /v1/events} as DESIGN §3. Plain CoAP only (a LAN behind the gateway; DTLS is the
 * platform's ingest endpoint's job, docs/ingest-coap.md).
 */
public final class LocalCoapServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalCoapServer.class);

  static {
    CoapConfig.register();
    UdpConfig.register();
  }

  private final CoapServer server;
  private final CoapEndpoint endpoint;

  /**
   * @param address where to listen, e.g. {@code 0.0.0.0:5683}; port 0 picks a free one
   */
  public LocalCoapServer(
      InetSocketAddress address, Admission admission, Intake intake, AdapterMetrics metrics) {
    Configuration config = Configuration.createStandardWithoutFile();
    // block-wise bodies are assembled up to the contract's limit; Californium answers 4.13 beyond
    config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, Limits.MAX_MESSAGE_BYTES);
    this.server = new CoapServer(config);
    this.endpoint =
        CoapEndpoint.builder()
            .setConfiguration(config)
            .setInetSocketAddress(address)
            .setLoggingTag("gw-coap")
            .build();
    server.addEndpoint(endpoint);
    CoapResource v1 = new CoapResource("v1");
    v1.add(new EventsResource(admission, intake, metrics));
    server.add(v1);
  }

  /** Binds and serves. */
  public void start() {
    server.start();
    if (!endpoint.isStarted()) {
      server.destroy();
      throw new IllegalStateException("CoAP endpoint did not start: " + endpoint.getUri());
    }
    log.info("coap: listening on {}", endpoint.getUri());
  }

  /** The bound address (its port resolved when 0 was given). */
  public InetSocketAddress address() {
    return endpoint.getAddress();
  }

  @Override
  public void close() {
    server.destroy();
  }
}
