package anxin.alerting.escalation;

import anxin.alerting.NotificationIntent.Channel;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One step of an escalation policy: when it is due, whom it pages, on which channels. Written in
 * configuration as {@code <delay>; <audiences>; <channels>}, e.g. {@code 60s;
 * on_duty_staff,supervisor; console,webhook,sms}.
 *
 * @param delay time from the alert's opening until the step is due, not negative
 * @param audience who is paged, not empty
 * @param channels how, not empty; each recipient gets one message per channel they have an address
 *     for
 */
public record EscalationStep(Duration delay, Set<Audience> audience, Set<Channel> channels) {

  public EscalationStep {
    Objects.requireNonNull(delay, "delay");
    audience = Set.copyOf(audience);
    channels = Set.copyOf(channels);
  }

  @Override
  public String toString() {
    return delay.toMillis() / 1000
        + "s; "
        + audience.stream().sorted().map(Audience::wireName).collect(Collectors.joining(","))
        + "; "
        + channels.stream().sorted().map(Channel::wireName).collect(Collectors.joining(","));
  }
}
