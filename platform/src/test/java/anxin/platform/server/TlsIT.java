package anxin.platform.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import anxin.ingest.Device;
import anxin.platform.access.Principal;
import anxin.platform.access.Role;
import anxin.platform.config.ConfigLoader;
import anxin.platform.config.PemTls;
import anxin.testing.MosquittoProcess;
import anxin.testing.Postgres;
import anxin.testing.SelfSignedPem;
import anxin.testing.TestServices;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS everywhere (issue 9, docs/security.md): the platform serves its API over HTTPS ({@code
 * http.tls.*}) and reaches a broker that has only a TLS listener and requires client certificates
 * ({@code mqtt.tls.*}); a device publishes over TLS with its own certificate, and the alert is read
 * back over HTTPS with the server's certificate trusted. Needs the {@code mosquitto} binary.
 */
@ExtendWith(TestServices.class)
class TlsIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void httpsApi_andMqttOverTlsWithClientCertificates_carryAnAlarmEndToEnd(
      Postgres pg, @TempDir Path dir) throws Exception {
    Path mosquitto = MosquittoProcess.binary().orElse(null);
    Assumptions.assumeTrue(mosquitto != null, "no mosquitto binary");
    SelfSignedPem server = SelfSignedPem.create(dir, "server");
    SelfSignedPem platformClient = SelfSignedPem.create(dir, "platform");
    SelfSignedPem deviceClient = SelfSignedPem.create(dir, "device");
    Path clientCas =
        java.nio.file.Files.writeString(
            dir.resolve("client-cas.pem"),
            java.nio.file.Files.readString(platformClient.certificate())
                + java.nio.file.Files.readString(deviceClient.certificate()));
    try (MosquittoProcess broker =
        MosquittoProcess.startTls(mosquitto, dir.resolve("mosquitto"), server, clientCas)) {
      // A client without a certificate is turned away: the broker requires one.
      MqttClient anonymous =
          new MqttClient(broker.uri(), "it-anon-" + UUID.randomUUID(), new MemoryPersistence());
      MqttConnectionOptions noCert = new MqttConnectionOptions();
      noCert.setSocketFactory(PemTls.socketFactory(server.certificate(), null, null));
      noCert.setConnectionTimeout(5);
      assertThatThrownBy(() -> anonymous.connect(noCert)).isNotNull();
      anonymous.close();

      Postgres db = pg.freshDatabase();
      Map<String, String> values = new HashMap<>();
      values.put("database.url", db.jdbcUrl());
      values.put("database.user", db.user());
      values.put("database.password", db.password());
      values.put("mqtt.url", broker.uri());
      values.put("mqtt.tls.ca", server.certificate().toString());
      values.put("mqtt.tls.certificate", platformClient.certificate().toString());
      values.put("mqtt.tls.private-key", platformClient.privateKey().toString());
      values.put("mqtt.client-id", "it-tls-" + UUID.randomUUID().toString().substring(0, 8));
      values.put("http.port", "0");
      values.put("http.tls.certificate", server.certificate().toString());
      values.put("http.tls.private-key", server.privateKey().toString());
      values.put("data-dir", dir.resolve("data").toString());
      values.put("ingest.coap.dtls-port", "0");
      try (Platform platform =
          Platform.start(ConfigLoader.fromValues(values, Map.of()), Clock.systemUTC())) {
        assertThat(platform.consoleUrl()).startsWith("https://");
        platform
            .provisioning()
            .upsertFacility("ft", "Home T", "County T", "Region", "Asia/Shanghai");
        platform
            .provisioning()
            .upsertDevice(
                new Device("ft-pb-1", "ft", "panic_button", "101", null, Duration.ofMinutes(5)),
                null,
                null);
        platform.directory().reload();
        String token =
            platform
                .tokens()
                .create(new Principal("tls admin", Role.ADMIN, null, Set.of(), null, null));
        await()
            .atMost(WAIT)
            .until(
                () ->
                    platform.ingest().registry().size() >= 1
                        && platform.ingest().mqtt().isSubscribed());

        MqttClient device =
            new MqttClient(broker.uri(), "it-dev-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setSocketFactory(
            PemTls.socketFactory(
                server.certificate(), deviceClient.certificate(), deviceClient.privateKey()));
        device.connect(o);
        MqttMessage m =
            new MqttMessage(
                "{\"v\":1,\"dev\":\"ft-pb-1\",\"seq\":1,\"type\":\"panic\"}"
                    .getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        device.publish("anxin/v1/ft/ft-pb-1/event", m);
        device.disconnect();
        device.close();

        HttpClient https = HttpClient.newBuilder().sslContext(server.trustingContext()).build();
        String base = "https://127.0.0.1:" + platform.httpPort();
        JsonNode alerts =
            await()
                .atMost(WAIT)
                .until(
                    () ->
                        JSON.readTree(
                                https
                                    .send(
                                        HttpRequest.newBuilder(
                                                URI.create(base + "/api/v1/alerts?facility=ft"))
                                            .header("Authorization", "Bearer " + token)
                                            .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                    .body())
                            .get("alerts"),
                    a -> a != null && !a.isEmpty());
        assertThat(alerts.get(0).get("rule").asText()).isEqualTo("panic");

        // The same port does not answer plain HTTP, and a client that does not trust the
        // certificate does not get through.
        HttpClient plain = HttpClient.newHttpClient();
        assertThatThrownBy(
                () ->
                    plain.send(
                        HttpRequest.newBuilder(URI.create(base + "/health/live")).build(),
                        HttpResponse.BodyHandlers.ofString()))
            .isInstanceOf(javax.net.ssl.SSLException.class);
        assertThatThrownBy(
                () ->
                    plain.send(
                        HttpRequest.newBuilder(
                                URI.create(
                                    "http://127.0.0.1:" + platform.httpPort() + "/health/live"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()))
            .isInstanceOf(java.io.IOException.class);
      }
    }
  }
}
