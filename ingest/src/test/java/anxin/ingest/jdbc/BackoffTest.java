package anxin.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void nanos_growsFrom100msTo5s_jitteredInTheUpperHalf() {
    for (int i = 0; i < 1000; i++) {
      assertThat(Backoff.nanos(0)).isBetween(ms(50), ms(100));
      assertThat(Backoff.nanos(3)).isBetween(ms(400), ms(800));
      assertThat(Backoff.nanos(6)).isBetween(ms(2500), ms(5000));
      assertThat(Backoff.nanos(Integer.MAX_VALUE)).isBetween(ms(2500), ms(5000));
    }
  }

  private static long ms(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
