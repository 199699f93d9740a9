package anxin.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {

  @TempDir Path dir;

  private static JsonNode json(String s) throws Exception {
    return new ObjectMapper().readTree(s);
  }

  @Test
  void minimal_takesTheDefaults() throws Exception {
    GatewayConfig c =
        GatewayConfig.parse(
            json(
                "{\"facility\":\"fuyuan\",\"gateway\":\"gw-1\",\"uplink.uris\":\"ssl://mqtt.example:8883\"}"),
            Map.of(),
            "1.0",
            dir);

    assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/anxin-gateway"));
    assertThat(c.uplink().serverUris()).containsExactly("ssl://mqtt.example:8883");
    assertThat(c.uplink().heartbeat()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.lanBroker()).isNull();
    assertThat(c.z2mMapping()).isNull();
    assertThat(c.coapAddress().getPort()).isEqualTo(5683);
    assertThat(c.fallback().downAfter()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.fallback().command()).isEmpty();
    assertThat(c.fallback().webhook()).isNull();
    assertThat(c.devices()).isEmpty();
  }

  @Test
  void full_withEnvironmentOverride_andCommandAsArray() throws Exception {
    Files.writeString(
        dir.resolve("z2m.json"),
        "{\"devices\":[{\"friendly_name\":\"door\",\"device\":\"door-1\",\"kind\":\"door\"}]}");
    GatewayConfig c =
        GatewayConfig.parse(
            json(
                """
                {"facility": "fuyuan", "gateway": "gw-1", "data.dir": "data",
                 "uplink.uris": "tcp://a:1883, tcp://b:1883", "uplink.username": "gw",
                 "lan.mqtt.uri": "tcp://127.0.0.1:1883", "z2m.mapping": "z2m.json",
                 "coap.port": -1, "devices": "pb-1,door-1",
                 "fallback.command": ["/usr/local/bin/buzzer", "--sos"],
                 "fallback.webhook": "http://192.0.2.1/alarm", "fallback.down-after-s": 20}
                """),
            Map.of("ANXIN_GW_UPLINK_PASSWORD", "s3cret", "ANXIN_GW_FALLBACK_DOWN_AFTER_S", "30"),
            "1.0",
            dir);

    assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
    assertThat(c.uplink().serverUris()).containsExactly("tcp://a:1883", "tcp://b:1883");
    assertThat(c.uplink().password()).isEqualTo("s3cret");
    assertThat(c.uplink().toString()).doesNotContain("s3cret");
    assertThat(c.z2mMapping().find("door")).isPresent();
    assertThat(c.coapAddress()).isNull();
    assertThat(c.devices()).containsExactlyInAnyOrder("pb-1", "door-1");
    assertThat(c.fallback().command()).isEqualTo(List.of("/usr/local/bin/buzzer", "--sos"));
    assertThat(c.fallback().downAfter()).isEqualTo(Duration.ofSeconds(30)); // environment wins
  }

  @Test
  void everyProblemReportedAtOnce() {
    assertThatThrownBy(
            () ->
                GatewayConfig.parse(
                    json(
                        """
                        {"facility": "Fu Yuan", "uplink.uris": "http://x", "colour": 1,
                         "coap.port": 70000, "fallback.down-after-s": "soon",
                         "z2m.mapping": "missing.json", "devices": "_x"}
                        """),
                    Map.of(),
                    "1.0",
                    dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gateway: required")
        .hasMessageContaining("facility: not")
        .hasMessageContaining("not tcp:// or ssl://: http://x")
        .hasMessageContaining("unknown key \"colour\"")
        .hasMessageContaining("coap.port out of range")
        .hasMessageContaining("fallback.down-after-s: not an integer: soon")
        .hasMessageContaining("missing.json")
        .hasMessageContaining("z2m.mapping: set, but lan.mqtt.uri is empty")
        .hasMessageContaining("devices: not a device id: _x");
  }

  @Test
  void docs_listEverySetting_asGenerated() throws Exception {
    Path doc = Path.of("..", "docs", "gateway.md");
    assertThat(Files.readString(doc))
        .as("docs/gateway.md must contain the output of `anxin-gateway --settings`")
        .contains(Setting.markdownTable());
  }
}
