package anxin.alerting.escalation;

import anxin.alerting.DeviceCommand;
import anxin.alerting.NotificationIntent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the {@link Escalator} decided in one call, in order: steps taken, notifications to send,
 * device commands to publish.
 *
 * @param steps escalation steps taken, never null
 * @param intents notifications, never null
 * @param commands device commands, never null
 */
public record Paging(
    List<StepTaken> steps, List<NotificationIntent> intents, List<DeviceCommand> commands) {

  /** Nothing decided. */
  public static final Paging NONE = new Paging(List.of(), List.of(), List.of());

  public Paging {
    steps = List.copyOf(steps);
    intents = List.copyOf(intents);
    commands = List.copyOf(commands);
  }

  /** True when nothing was decided. */
  public boolean isEmpty() {
    return steps.isEmpty() && intents.isEmpty() && commands.isEmpty();
  }

  /**
   * An escalation step was taken.
   *
   * @param alertId the alert
   * @param step the step, 1-based
   * @param recipients how many people it addressed; 0 when its audience was empty and escalation
   *     fell through to the next step
   * @param at when the step was due
   */
  public record StepTaken(String alertId, int step, int recipients, Instant at) {}

  /** Collects one call's decisions. */
  static final class Builder {
    final List<StepTaken> steps = new ArrayList<>();
    final List<NotificationIntent> intents = new ArrayList<>();
    final List<DeviceCommand> commands = new ArrayList<>();

    Paging build() {
      return steps.isEmpty() && intents.isEmpty() && commands.isEmpty()
          ? NONE
          : new Paging(steps, intents, commands);
    }
  }
}
