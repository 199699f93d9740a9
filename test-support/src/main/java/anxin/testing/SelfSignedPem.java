package anxin.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed EC certificate for {@code localhost} and {@code 127.0.0.1}, made at test time with
 * the JDK's {@code keytool} (valid two days) and written as the PEM files an operator configures:
 * {@code NAME.pem} and {@code NAME-key.pem} (PKCS#8). Being self-signed, the certificate is its own
 * CA: trust {@link #certificate()} to trust it.
 *
 * @param certificate the certificate, PEM
 * @param privateKey its private key, PEM PKCS#8
 * @param cert the certificate itself
 */
public record SelfSignedPem(Path certificate, Path privateKey, Certificate cert) {

  private static final String PASSWORD = "changeit";

  /** Creates {@code NAME.pem} and {@code NAME-key.pem} in {@code dir}, with common name NAME. */
  public static SelfSignedPem create(Path dir, String name)
      throws IOException, GeneralSecurityException {
    Path keystore = dir.resolve(name + ".p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + name,
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("keytool failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for keytool", e);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    PrivateKey key = (PrivateKey) ks.getKey(name, PASSWORD.toCharArray());
    Certificate cert = ks.getCertificate(name);
    Path certPem =
        Files.writeString(dir.resolve(name + ".pem"), pem("CERTIFICATE", cert.getEncoded()));
    Path keyPem =
        Files.writeString(dir.resolve(name + "-key.pem"), pem("PRIVATE KEY", key.getEncoded()));
    return new SelfSignedPem(certPem, keyPem, cert);
  }

  /** TLS for a client that trusts this certificate and nothing else. */
  public SSLContext trustingContext() throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", cert);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
