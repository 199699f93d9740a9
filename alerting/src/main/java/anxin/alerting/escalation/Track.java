package anxin.alerting.escalation;

import anxin.alerting.Alert;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The escalation of one alert: which step is next, who was reached, which family was told. */
final class Track {

  /** The alert as it was opened: id, facility, rule, severity, room, resident, device. */
  final Alert alert;

  /** The policy at opening; a policy change applies to alerts opened afterwards. */
  final EscalationPolicy policy;

  /** Index of the next step to take (0-based); {@code policy.steps().size()} when all are taken. */
  int next;

  /** When the last step taken reached nobody, its due time: the next step is due then. */
  long fallThroughAt = -1;

  /** Due time of the last step taken, ms since the epoch; reminders count from here. */
  long lastStepDue;

  /** The last step (1-based) that reached someone; 0 while none has. */
  int reachedStep;

  /** Reminders sent so far. */
  int reminders;

  /** Acknowledged or resolved: no further steps, reminders or held escalation messages. */
  boolean stopped;

  /** Incremented when stopped; queue entries of an older generation are stale. */
  int generation;

  /** Family contacts a message was handed on to, by id: they are told of the resolution. */
  final Map<String, FamilyContact> told = new LinkedHashMap<>();

  /** {@code <recipientKey>/<channel>} of messages held back for quiet hours or the night. */
  final Set<String> held = new HashSet<>();

  /**
   * When a held message to {@code <recipientKey>/<channel>} last left, ms since the epoch: a
   * reminder due less than one reminder interval later is skipped for them.
   */
  final Map<String, Long> released = new HashMap<>();

  Track(Alert alert, EscalationPolicy policy) {
    this.alert = alert;
    this.policy = policy;
  }

  /** Due time of the next step, ms since the epoch. */
  long nextStepDue() {
    if (fallThroughAt >= 0) {
      return fallThroughAt;
    }
    return alert.openedAt().toEpochMilli() + policy.steps().get(next).delay().toMillis();
  }

  /** Due time of the next reminder, ms since the epoch. */
  long nextReminderDue() {
    return lastStepDue + (reminders + 1L) * policy.remindEvery().toMillis();
  }

  void stop() {
    stopped = true;
    generation++;
  }
}
