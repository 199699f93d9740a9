package anxin.ingest.coap;

import anxin.ingest.DeviceRegistry;
import anxin.protocol.Limits;
import java.net.InetSocketAddress;
import java.util.List;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;

/** Californium and Scandium set up for the ingest endpoint; no file is read or written. */
final class Endpoints {

  static {
    CoapConfig.register();
    UdpConfig.register();
    DtlsConfig.register();
  }

  /**
   * PSK cipher suites offered, best first. CCM_8 is the one RFC 7252 §9.1.3.1 makes mandatory for
   * PSK mode; CCM and GCM are what OpenSSL (libcoap) and most modem stacks pick; CBC_SHA256 is for
   * older devices (LwM2M 1.0 mandates it), and is why Scandium's "recommended only" is turned off.
   */
  static final List<CipherSuite> CIPHER_SUITES =
      List.of(
          CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
          CipherSuite.TLS_PSK_WITH_AES_128_CCM,
          CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
          CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256);

  private Endpoints() {}

  /**
   * Californium's defaults (without writing {@code Californium3.properties}), with the body limit
   * of DESIGN §3: block-wise uploads (RFC 7959) are assembled up to {@link
   * Limits#MAX_MESSAGE_BYTES}; a larger one is answered 4.13 by Californium with Size1.
   */
  static Configuration configuration() {
    Configuration config = Configuration.createStandardWithoutFile();
    config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, Limits.MAX_MESSAGE_BYTES);
    config.set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY);
    config.set(DtlsConfig.DTLS_CIPHER_SUITES, CIPHER_SUITES);
    config.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
    return config;
  }

  /** Plain CoAP over UDP. */
  static CoapEndpoint plain(
      Configuration config,
      InetSocketAddress address,
      anxin.ingest.pipeline.IngestMetrics metrics) {
    CoapEndpoint endpoint =
        CoapEndpoint.builder()
            .setConfiguration(config)
            .setInetSocketAddress(address)
            .setLoggingTag("coap")
            .build();
    endpoint.addInterceptor(new TooLargeDiagnostic(metrics));
    return endpoint;
  }

  /** CoAP over DTLS 1.2 with the devices' pre-shared keys. */
  static CoapEndpoint dtls(
      anxin.ingest.pipeline.IngestMetrics metrics,
      Configuration config,
      InetSocketAddress address,
      DeviceRegistry registry) {
    DtlsConnectorConfig dtls =
        DtlsConnectorConfig.builder(config)
            .setAddress(address)
            .setAdvancedPskStore(new RegistryPskStore(registry))
            .setLoggingTag("coaps")
            .build();
    CoapEndpoint endpoint =
        CoapEndpoint.builder()
            .setConfiguration(config)
            .setConnector(new DTLSConnector(dtls))
            .setLoggingTag("coaps")
            .build();
    endpoint.addInterceptor(new TooLargeDiagnostic(metrics));
    return endpoint;
  }
}
