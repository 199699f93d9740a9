package anxin.alerting.escalation;

import anxin.alerting.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How alerts of one severity escalate in one facility (DESIGN §5).
 *
 * @param severity the severity it applies to, never null
 * @param steps the steps in order, delays not decreasing, at least one
 * @param remindEvery after the last step, the last step's audience is reminded this often until
 *     someone acknowledges; {@link Duration#ZERO} for no reminders
 * @param smsAtNight false to hold SMS back during the facility's night ({@code sms.night}) until it
 *     ends; always true for P1
 */
public record EscalationPolicy(
    Severity severity, List<EscalationStep> steps, Duration remindEvery, boolean smsAtNight) {

  public EscalationPolicy {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(remindEvery, "remindEvery");
    steps = List.copyOf(steps);
  }

  /** Step {@code number}, 1-based. */
  public EscalationStep step(int number) {
    return steps.get(number - 1);
  }

  /** True when the last step's audience is reminded. */
  public boolean reminds() {
    return !remindEvery.isZero();
  }
}
