package anxin.alerting.outbox;

import anxin.alerting.notify.Channel;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * When to try a failed send again: exponential backoff from a per-channel base delay, capped, with
 * "equal jitter" (half the delay fixed, half random) so that many messages failing together (an SMS
 * gateway outage) do not all retry in the same instant; and how many attempts before giving up.
 *
 * @param baseDelays the first retry's nominal delay per channel; every channel must have one
 * @param maxDelay the cap on the nominal delay
 * @param maxAttempts attempts (the first send included) before a retryable failure becomes final
 */
public record RetryPolicy(Map<Channel, Duration> baseDelays, Duration maxDelay, int maxAttempts) {

  /**
   * Console 1 s, webhook 2 s, SMS 5 s; capped at 5 min; 10 attempts (about 20 to 40 min of trying
   * for SMS). Escalation does not wait for the outbox: later steps and reminders go out anyway.
   */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        Map.of(
            Channel.CONSOLE, Duration.ofSeconds(1),
            Channel.WEBHOOK, Duration.ofSeconds(2),
            Channel.SMS, Duration.ofSeconds(5)),
        Duration.ofMinutes(5),
        10);
  }

  public RetryPolicy {
    Objects.requireNonNull(maxDelay, "maxDelay");
    EnumMap<Channel, Duration> copy = new EnumMap<>(Channel.class);
    copy.putAll(baseDelays);
    for (Channel c : Channel.values()) {
      Duration d = copy.get(c);
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("base delay for " + c + " must be positive: " + d);
      }
    }
    if (maxDelay.isNegative() || maxDelay.isZero()) {
      throw new IllegalArgumentException("maxDelay must be positive: " + maxDelay);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    baseDelays = Map.copyOf(copy);
  }

  /**
   * The delay before the next attempt after {@code attempts} failed ones.
   *
   * @param channel the message's channel
   * @param attempts attempts made so far, at least 1
   * @param random uniform in [0, 1): the jitter
   * @return between half and all of {@code min(maxDelay, base × 2^(attempts − 1))}
   */
  public Duration delay(Channel channel, int attempts, double random) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
    }
    if (random < 0 || random >= 1) {
      throw new IllegalArgumentException("random must be in [0, 1): " + random);
    }
    long base = baseDelays.get(channel).toMillis();
    long cap = maxDelay.toMillis();
    int shift = Math.min(attempts - 1, 62);
    long nominal = base > (cap >> shift) ? cap : Math.min(cap, base << shift);
    long half = nominal / 2;
    return Duration.ofMillis(nominal - half + (long) (random * half));
  }

  /** True when a retryable failure after {@code attempts} attempts should still be retried. */
  public boolean mayRetry(int attempts) {
    return attempts < maxAttempts;
  }
}
