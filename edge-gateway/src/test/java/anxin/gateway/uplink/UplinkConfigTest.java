package anxin.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UplinkConfigTest {

  @Test
  void builder_defaults_matchTheDocs() {
    UplinkConfig c = UplinkConfig.builder("tcp://broker:1883", "fuyuan", "gw-1").build();

    assertThat(c.batchTopic()).isEqualTo("anxin/v1/fuyuan/_batch/event");
    assertThat(c.statusTopic()).isEqualTo("anxin/v1/fuyuan/_gw/gw-1/status");
    assertThat(c.clientId()).isEqualTo("anxin-gw-fuyuan-gw-1");
    assertThat(c.maxBatchEvents()).isEqualTo(500);
    assertThat(c.maxBatchBytes()).isEqualTo(65_536);
    assertThat(c.window()).isEqualTo(16);
    assertThat(c.heartbeat()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void build_severalBadValues_reportsEveryOne() {
    assertThatThrownBy(
            () ->
                UplinkConfig.builder("http://x", "Bad_Facility", "gw")
                    .maxBatchBytes(100_000)
                    .window(0)
                    .backoff(Duration.ofSeconds(10), Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("not tcp:// or ssl://: http://x")
        .hasMessageContaining("facility: not [a-z0-9][a-z0-9-]{0,31}: Bad_Facility")
        .hasMessageContaining("maxBatchBytes out of range 1024..65536: 100000")
        .hasMessageContaining("window out of range 1..1024: 0")
        .hasMessageContaining("backoffMax below backoffMin");
  }

  @Test
  void toString_neverShowsThePassword() {
    UplinkConfig c =
        UplinkConfig.builder("tcp://b:1883", "f", "g").credentials("gw", "s3cret").build();

    assertThat(c.toString()).doesNotContain("s3cret").contains("password=***");
  }
}
