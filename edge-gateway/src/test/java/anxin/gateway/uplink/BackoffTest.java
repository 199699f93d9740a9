package anxin.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void delayMillis_doublesUpToMax_withJitterInTheUpperHalf() {
    Backoff low = new Backoff(1_000, 60_000, () -> 0.0);
    Backoff high = new Backoff(1_000, 60_000, () -> 0.999_999);

    assertThat(low.delayMillis(1)).isEqualTo(500);
    assertThat(high.delayMillis(1)).isEqualTo(1_000);
    assertThat(low.delayMillis(2)).isEqualTo(1_000);
    assertThat(high.delayMillis(3)).isEqualTo(4_000);
    assertThat(low.delayMillis(7)).isEqualTo(30_000); // 64 s capped to 60 s
    assertThat(high.delayMillis(7)).isEqualTo(60_000);
    assertThat(high.delayMillis(10_000)).isEqualTo(60_000);
  }

  @Test
  void new_maxBelowMin_namesTheRange() {
    assertThatThrownBy(() -> new Backoff(5_000, 1_000, () -> 0.5))
        .hasMessageContaining("5000..1000");
  }
}
