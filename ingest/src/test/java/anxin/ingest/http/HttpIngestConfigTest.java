package anxin.ingest.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpIngestConfigTest {

  @Test
  void settings_badValues_reportsEveryProblem() {
    assertThatThrownBy(() -> new HttpIngestSettings(Duration.ZERO, null, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("receiptTimeout must be a positive duration: PT0S")
        .hasMessageContaining("busyRetryAfter must be a positive duration: null")
        .hasMessageContaining("rateLimitedRetryAfter must be a positive duration: PT-1S");
  }

  @Test
  void serverConfig_badValues_reportsEveryProblem() {
    assertThatThrownBy(() -> new HttpIngestServer.Config(" ", 70000, null, Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host must not be blank")
        .hasMessageContaining("port must be 0..65535: 70000")
        .hasMessageContaining("idleTimeout must be at least 1 s: PT0.01S");
  }
}
