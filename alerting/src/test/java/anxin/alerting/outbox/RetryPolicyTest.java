package anxin.alerting.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import anxin.alerting.notify.Channel;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy =
      new RetryPolicy(
          Map.of(
              Channel.CONSOLE, Duration.ofSeconds(1),
              Channel.WEBHOOK, Duration.ofSeconds(2),
              Channel.SMS, Duration.ofSeconds(5)),
          Duration.ofMinutes(5),
          4);

  @Test
  void delay_doublesPerAttemptFromTheChannelsBase() {
    assertThat(policy.delay(Channel.SMS, 1, 0.0)).isEqualTo(Duration.ofMillis(2_500));
    assertThat(policy.delay(Channel.SMS, 2, 0.0)).isEqualTo(Duration.ofMillis(5_000));
    assertThat(policy.delay(Channel.SMS, 3, 0.0)).isEqualTo(Duration.ofMillis(10_000));
    assertThat(policy.delay(Channel.CONSOLE, 1, 0.0)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.delay(Channel.WEBHOOK, 2, 0.0)).isEqualTo(Duration.ofMillis(2_000));
  }

  @Test
  void delay_jitter_staysBetweenHalfAndAllOfTheNominalDelay() {
    assertThat(policy.delay(Channel.SMS, 1, 0.5)).isEqualTo(Duration.ofMillis(3_750));
    assertThat(policy.delay(Channel.SMS, 1, 0.999_999)).isLessThan(Duration.ofSeconds(5));
    assertThat(policy.delay(Channel.SMS, 1, 0.0)).isEqualTo(Duration.ofMillis(2_500));
  }

  @Test
  void delay_manyAttempts_isCappedAndDoesNotOverflow() {
    assertThat(policy.delay(Channel.SMS, 10, 0.0)).isEqualTo(Duration.ofSeconds(150));
    assertThat(policy.delay(Channel.SMS, 64, 0.0)).isEqualTo(Duration.ofSeconds(150));
    assertThat(policy.delay(Channel.SMS, Integer.MAX_VALUE, 0.999))
        .isLessThanOrEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void mayRetry_belowMaxAttempts_onlyThen() {
    assertThat(policy.mayRetry(3)).isTrue();
    assertThat(policy.mayRetry(4)).isFalse();
  }

  @Test
  void constructor_missingChannel_namesIt() {
    assertThatThrownBy(
            () ->
                new RetryPolicy(
                    Map.of(Channel.SMS, Duration.ofSeconds(1)), Duration.ofMinutes(1), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CONSOLE");
  }

  @Test
  void delay_badArguments_throwWithTheValue() {
    assertThatThrownBy(() -> policy.delay(Channel.SMS, 0, 0.0)).hasMessageContaining(": 0");
    assertThatThrownBy(() -> policy.delay(Channel.SMS, 1, 1.0)).hasMessageContaining("1.0");
  }

  @Test
  void defaults_areValid() {
    assertThat(RetryPolicy.defaults().maxAttempts()).isEqualTo(10);
  }
}
