package anxin.bench.coap;

import anxin.protocol.Limits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

/**
 * The floor: a Californium {@link CoapServer} on loopback whose {@code /v1/events} answers every
 * POST {@code 2.04 Changed} at once and does nothing else. Configured as the ingest endpoint is
 * (Californium's defaults, the 64 KiB body limit), so the two differ only in what the resource
 * does.
 */
final class BareServer implements AutoCloseable {

  static {
    CoapConfig.register();
    UdpConfig.register();
  }

  private final CoapServer server;
  private final CoapEndpoint endpoint;

  BareServer() {
    Configuration config = Configuration.createStandardWithoutFile();
    config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, Limits.MAX_MESSAGE_BYTES);
    server = new CoapServer(config);
    endpoint =
        CoapEndpoint.builder()
            .setConfiguration(config)
            .setInetSocketAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .build();
    server.addEndpoint(endpoint);
    CoapResource v1 = new CoapResource("v1");
    v1.add(new Changed());
    server.add(v1);
  }

  /** Binds and starts; returns the bound address. */
  InetSocketAddress start() {
    server.start();
    return endpoint.getAddress();
  }

  @Override
  public void close() {
    server.destroy();
  }

  /** {@code events}: 2.04 for every POST, synchronously on Californium's thread. */
  private static final class Changed extends CoapResource {

    Changed() {
      super("events");
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
      exchange.respond(ResponseCode.CHANGED);
    }
  }
}
