package anxin.platform.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import anxin.ingest.coap.CoapIngestConfig;
import anxin.platform.config.ConfigException;
import anxin.platform.config.ConfigLoader;
import anxin.platform.config.PlatformConfig;
import anxin.testing.SelfSignedPem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * docs/examples/anxin-production.yaml, TLS on every connection and no plain CoAP, passes {@code
 * anxin check-config} once its files exist (written here to a temporary directory in place of
 * /etc/anxin); and the TLS keys report bad files.
 */
class ProductionConfigIT {

  private static final Map<String, String> SECRETS =
      Map.of(
          "ANXIN_DB_PASSWORD", "db-secret",
          "ANXIN_MQTT_PASSWORD", "mqtt-secret",
          "ANXIN_SMS_TOKEN", "sms-secret",
          "ANXIN_DINGTALK_TOKEN", "dt-token",
          "ANXIN_DINGTALK_SECRET", "SECdt");

  private static Path sample(Path dir) throws Exception {
    Path tls = Files.createDirectories(dir.resolve("tls"));
    SelfSignedPem server = SelfSignedPem.create(tls, "server");
    Files.move(server.certificate(), tls.resolve("fullchain.pem"));
    Files.move(server.privateKey(), tls.resolve("privkey.pem"));
    SelfSignedPem broker = SelfSignedPem.create(tls, "broker");
    Files.move(broker.certificate(), tls.resolve("mqtt-ca.pem"));
    SelfSignedPem.create(tls, "platform");
    String yaml = Files.readString(Path.of("../docs/examples/anxin-production.yaml"));
    assertThat(yaml).contains("/etc/anxin/");
    return Files.writeString(
        dir.resolve("anxin-production.yaml"), yaml.replace("/etc/anxin/", dir + "/"));
  }

  @Test
  void productionSample_isValid_withTlsEverywhere_andNoPlainCoap(@TempDir Path dir)
      throws Exception {
    Path file = sample(dir);

    PlatformConfig c = ConfigLoader.load(file, SECRETS);
    assertThat(c.tls()).as("HTTPS").isTrue();
    assertThat(c.mqttUrls()).isNotEmpty().allMatch(u -> u.startsWith("ssl://"));
    assertThat(c.mqttTls()).as("MQTT TLS with the CA and a client certificate").isNotNull();
    assertThat(c.databaseUrl()).contains("sslmode=verify-full");
    assertThat(c.coap().allowPlain()).isFalse();
    assertThat(c.coap().plainPort()).isEqualTo(CoapIngestConfig.DISABLED);
    assertThat(c.coap().dtlsPort()).isPositive();
    assertThat(c.channels().httpSms().url().toString()).startsWith("https://");

    // The command itself, with the secrets as the environment would give them.
    Path withDefaults =
        Files.writeString(
            dir.resolve("checked.yaml"),
            Files.readString(file).replaceAll("\\$\\{([A-Z_]+)}", "\\${$1:-secret}"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute("check-config", "-c", withDefaults.toString());
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("Configuration is valid.")
        .contains("mqtt.tls.ca")
        .doesNotContain("db-secret");
  }

  @Test
  void mqttTls_badFilesAndHalfAPair_areEachReported(@TempDir Path dir) throws Exception {
    Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
    SelfSignedPem client = SelfSignedPem.create(dir, "client");
    Path file =
        Files.writeString(
            dir.resolve("bad.yaml"),
            "mqtt:\n  url: tcp://broker:1883\n  tls:\n    ca: "
                + dir.resolve("missing.pem")
                + "\n    certificate: "
                + client.certificate()
                + "\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mqtt.tls.ca: no readable file")
        .hasMessageContaining("mqtt.tls.certificate and mqtt.tls.private-key go together");

    Path noSsl =
        Files.writeString(
            dir.resolve("nossl.yaml"),
            "mqtt:\n  url: tcp://broker:1883\n  tls:\n    ca: " + client.certificate() + "\n");
    assertThatThrownBy(() -> ConfigLoader.load(noSsl, Map.of()))
        .hasMessageContaining("no ssl:// broker URI");

    Path garbage =
        Files.writeString(
            dir.resolve("garbage.yaml"),
            "mqtt:\n  url: ssl://broker:8883\n  tls:\n    ca: " + notPem + "\n");
    assertThatThrownBy(() -> ConfigLoader.load(garbage, Map.of()))
        .hasMessageContaining("mqtt.tls.*");
  }
}
