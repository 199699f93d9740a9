package anxin.ingest.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoapIngestConfigTest {

  @Test
  void defaults_areDtlsOnlyOnEveryInterface() throws Exception {
    CoapIngestConfig config = CoapIngestConfig.defaults();

    assertThat(config.bindAddress()).isEqualTo(InetAddress.getByName("0.0.0.0"));
    assertThat(config.dtlsPort()).isEqualTo(5684);
    assertThat(config.plainPort()).isEqualTo(5683);
    assertThat(config.allowPlain()).isFalse();
    assertThat(config.plainEnabled()).isFalse();
    assertThat(config.dtlsEnabled()).isTrue();
    assertThat(config.responseTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void parse_everyKey_isRead() throws Exception {
    CoapIngestConfig config =
        CoapIngestConfig.parse(
            Map.of(
                "ingest.coap.bind", "127.0.0.1",
                "ingest.coap.port", "15683",
                "ingest.coap.dtls-port", "-1",
                "ingest.coap.allow-plain", "true",
                "ingest.coap.response-timeout", "750"));

    assertThat(config)
        .isEqualTo(
            new CoapIngestConfig(
                InetAddress.getByName("127.0.0.1"),
                15683,
                CoapIngestConfig.DISABLED,
                true,
                Duration.ofMillis(750)));
  }

  @Test
  void parse_severalProblems_reportsThemAllAtOnce() {
    assertThatThrownBy(
            () ->
                CoapIngestConfig.parse(
                    Map.of(
                        "ingest.coap.dtls-port", "70000",
                        "ingest.coap.allow-plain", "yes",
                        "ingest.coap.response-timeout", "soon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ingest.coap.dtls-port out of range 0..65535 (or -1 for none): 70000")
        .hasMessageContaining("ingest.coap.allow-plain must be true or false: yes")
        .hasMessageContaining("ingest.coap.response-timeout is not an integer: soon");
  }

  @Test
  void new_noEndpoint_isRefused() {
    assertThatThrownBy(
            () ->
                CoapIngestConfig.defaults()
                    .withDtlsPort(CoapIngestConfig.DISABLED)) // plain not allowed by default
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no endpoint");
  }

  @Test
  void new_samePortForBoth_isRefused() {
    assertThatThrownBy(() -> CoapIngestConfig.defaults().withPlain(5684))
        .hasMessageContaining("ingest.coap.port and ingest.coap.dtls-port are both 5684");
  }

  @Test
  void new_zeroTimeout_isRefused() {
    assertThatThrownBy(() -> CoapIngestConfig.defaults().withResponseTimeout(Duration.ZERO))
        .hasMessageContaining("ingest.coap.response-timeout must be positive: PT0S");
  }

  @Test
  void withPlain_allowsPlain() {
    CoapIngestConfig config = CoapIngestConfig.defaults().withPlain(0);

    assertThat(config.plainEnabled()).isTrue();
    assertThat(config.plainPort()).isZero();
  }

  @Test
  void keys_eachHaveADefaultThatParses() {
    for (CoapIngestConfig.Key key : CoapIngestConfig.Key.values()) {
      assertThat(key.key()).startsWith("ingest.coap.");
      assertThat(key.defaultValue()).isNotBlank();
      assertThat(key.description()).isNotBlank();
    }
    assertThat(CoapIngestConfig.parse(Map.of())).isEqualTo(CoapIngestConfig.defaults());
  }
}
