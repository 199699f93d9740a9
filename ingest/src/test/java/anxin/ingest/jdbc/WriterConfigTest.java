package anxin.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WriterConfigTest {

  @Test
  void defaults_areTheDocumentedOnes() {
    WriterConfig c = WriterConfig.defaults();

    assertThat(c.maxBatch()).isEqualTo(2000);
    assertThat(c.linger()).isEqualTo(Duration.ZERO);
    assertThat(c.closeTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.dedupRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(c.purgeEvery()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void constructor_severalBadValues_reportsEveryOne() {
    assertThatThrownBy(
            () -> new WriterConfig(0, Duration.ofMillis(-1), null, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid writer config: maxBatch must be at least 1: 0;"
                + " linger must be zero or more: PT-0.001S; closeTimeout must be zero or more: null;"
                + " dedupRetention must be at least 1 s: PT0S; purgeEvery must be at least 1 ms: PT0S");
  }
}
