package anxin.gateway.uplink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the uplink (docs/gateway-uplink.md, "TLS and client certificates"): a socket factory that
 * trusts the platform's CA and, optionally, presents the gateway's client certificate. Use it with
 * an {@code ssl://host:8883} server URI through {@link UplinkConfig.Builder#socketFactory}.
 */
public final class UplinkTls {

  private UplinkTls() {}

  /**
   * A TLS 1.2/1.3 socket factory.
   *
   * @param trustStore the CA certificates to trust, or null for the JVM's default trust store
   * @param clientKeys the gateway's private key and certificate chain, or null for no client
   *     certificate
   * @param keyPassword the password of the private key in {@code clientKeys}; ignored when it is
   *     null
   */
  public static SSLSocketFactory socketFactory(
      KeyStore trustStore, KeyStore clientKeys, char[] keyPassword)
      throws GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trustStore);
    KeyManagerFactory kmf = null;
    if (clientKeys != null) {
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(clientKeys, keyPassword);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx.getSocketFactory();
  }

  /**
   * Loads a PKCS #12 file (what {@code openssl pkcs12 -export} and {@code keytool} write).
   *
   * @param password the file's password, or null for none
   */
  public static KeyStore loadPkcs12(Path file, char[] password)
      throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, password);
    }
    return ks;
  }
}
