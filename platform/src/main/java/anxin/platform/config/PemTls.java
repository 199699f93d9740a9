package anxin.platform.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS client sockets from the PEM files operators have (what {@code openssl}, certbot and broker
 * docs produce): a CA bundle to trust, and optionally a client certificate chain with its PKCS#8
 * private key (RSA, EC or Ed25519). Used for the platform's MQTT connections ({@code mqtt.tls.*},
 * docs/security.md).
 */
public final class PemTls {

  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final char[] NO_PASSWORD = new char[0];

  private PemTls() {}

  /**
   * A TLS 1.2/1.3 socket factory.
   *
   * @param ca CA certificates to trust (PEM), or null for the JVM's trust store
   * @param certificate the client certificate chain (PEM), or null for none
   * @param privateKey its private key (PEM, PKCS#8 {@code BEGIN PRIVATE KEY}); null when {@code
   *     certificate} is
   * @throws IllegalArgumentException naming the file that holds no certificate or no usable key
   */
  public static SSLSocketFactory socketFactory(Path ca, Path certificate, Path privateKey)
      throws IOException, GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (ca == null) {
      tmf.init((KeyStore) null);
    } else {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      List<Certificate> cas = certificates(ca);
      for (int i = 0; i < cas.size(); i++) {
        trust.setCertificateEntry("ca-" + i, cas.get(i));
      }
      tmf.init(trust);
    }
    KeyManagerFactory kmf = null;
    if (certificate != null) {
      KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
      keys.load(null, null);
      keys.setKeyEntry(
          "client",
          privateKey(privateKey),
          NO_PASSWORD,
          certificates(certificate).toArray(Certificate[]::new));
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, NO_PASSWORD);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx.getSocketFactory();
  }

  static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
    List<Certificate> out;
    try (InputStream in = Files.newInputStream(pem)) {
      out = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(pem + " holds no PEM certificate");
    }
    return out;
  }

  static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
    Matcher m = PRIVATE_KEY.matcher(Files.readString(pem, StandardCharsets.US_ASCII));
    if (!m.find()) {
      throw new IllegalArgumentException(
          pem
              + " holds no PKCS#8 key (BEGIN PRIVATE KEY); convert it with"
              + " openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
    }
    PKCS8EncodedKeySpec spec =
        new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1).strip()));
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException(pem + ": not an RSA, EC or Ed25519 private key");
  }
}
