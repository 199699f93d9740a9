package anxin.ingest.coap;

import anxin.protocol.topic.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.exception.ConnectorException;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/** A Californium client on loopback, plain or DTLS with a PSK, posting to {@code /v1/events}. */
public final class TestCoapClient implements AutoCloseable {

  static {
    CoapConfig.register();
    UdpConfig.register();
    DtlsConfig.register();
  }

  /** How long a request waits for its response; generous for a loaded build machine. */
  static final long TIMEOUT_MS = 20_000;

  private final CoapEndpoint endpoint;
  private final CoapClient client;

  private TestCoapClient(CoapEndpoint endpoint, String uri) {
    this.endpoint = endpoint;
    this.client = new CoapClient(uri);
    client.setEndpoint(endpoint);
    client.setTimeout(TIMEOUT_MS);
  }

  public static TestCoapClient plain(InetSocketAddress server) {
    CoapEndpoint endpoint =
        CoapEndpoint.builder()
            .setConfiguration(configuration())
            .setInetSocketAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .build();
    return new TestCoapClient(endpoint, "coap://" + hostPort(server) + Topics.COAP_EVENTS_PATH);
  }

  public static TestCoapClient dtls(InetSocketAddress server, String identity, byte[] key) {
    return dtls(server, identity, key, configuration());
  }

  /**
   * A DTLS client that gives a handshake up after about 2 s (300 ms, then twice doubled), for
   * handshakes that are meant to fail: the server does not answer those at all.
   */
  static TestCoapClient dtlsGivingUpSoon(InetSocketAddress server, String identity, byte[] key) {
    Configuration config = configuration();
    config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 300, TimeUnit.MILLISECONDS);
    config.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 2);
    return dtls(server, identity, key, config);
  }

  private static TestCoapClient dtls(
      InetSocketAddress server, String identity, byte[] key, Configuration config) {
    DtlsConnectorConfig dtls =
        DtlsConnectorConfig.builder(config)
            .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key))
            .build();
    CoapEndpoint endpoint =
        CoapEndpoint.builder()
            .setConfiguration(config)
            .setConnector(new DTLSConnector(dtls))
            .build();
    return new TestCoapClient(endpoint, "coaps://" + hostPort(server) + Topics.COAP_EVENTS_PATH);
  }

  private static Configuration configuration() {
    Configuration config = Configuration.createStandardWithoutFile();
    config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 1024 * 1024); // to send bodies over our limit
    config.set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY);
    return config;
  }

  private static String hostPort(InetSocketAddress address) {
    return "127.0.0.1:" + address.getPort();
  }

  /** A Confirmable POST; {@code contentFormat} -1 for none. */
  public static Request newPost(byte[] payload, int contentFormat) {
    Request request = Request.newPost();
    request.setPayload(payload);
    if (contentFormat != MediaTypeRegistry.UNDEFINED) {
      request.getOptions().setContentFormat(contentFormat);
    }
    return request;
  }

  /** Sends {@code request}; null when no response came within {@link #TIMEOUT_MS}. */
  public CoapResponse send(Request request) throws ConnectorException, IOException {
    return client.advanced(request);
  }

  /** POSTs {@code payload} with {@code contentFormat} (-1 for none). */
  public CoapResponse post(byte[] payload, int contentFormat)
      throws ConnectorException, IOException {
    return send(newPost(payload, contentFormat));
  }

  @Override
  public void close() {
    client.shutdown();
    endpoint.destroy();
  }
}
