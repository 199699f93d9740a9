package anxin.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of an alert's {@link Timeline}: a transition, a page or a message, with who and when
 * (DESIGN §5). Actors are staff ids for acknowledgement and resolution, {@code rule:<rule>} for
 * what the rule engine did, and {@link #ESCALATOR} for escalation and notifications.
 */
public sealed interface TimelineEntry {

  /** Actor of escalation steps, notification and command intents. */
  String ESCALATOR = "escalator";

  /** When it happened (platform time), never null. */
  Instant at();

  /** Who did it, never null. */
  String actor();

  /** The alert was opened by a rule's trigger. */
  record Opened(Instant at, String actor, Instant eventAt, Duration delayed, String note)
      implements TimelineEntry {
    public Opened {
      requireAtAndActor(at, actor);
    }
  }

  /** Another trigger with the alert's key was merged into it; {@code count} is the new count. */
  record Retriggered(
      Instant at, String actor, int count, Instant eventAt, Duration delayed, String note)
      implements TimelineEntry {
    public Retriggered {
      requireAtAndActor(at, actor);
    }
  }

  /**
   * Escalation step {@code step} (1-based) was taken; {@code recipients} people were addressed (0
   * when its audience was empty and escalation fell through to the next step).
   */
  record Escalated(Instant at, String actor, int step, int recipients) implements TimelineEntry {
    public Escalated {
      requireAtAndActor(at, actor);
    }
  }

  /** A notification was handed on for sending (the outbox sends and records delivery). */
  record NotificationIntended(Instant at, String actor, NotificationIntent intent)
      implements TimelineEntry {
    public NotificationIntended {
      requireAtAndActor(at, actor);
      Objects.requireNonNull(intent, "intent");
    }
  }

  /**
   * A command for the alert's device was handed on (the {@code reassure} after acknowledgement).
   */
  record CommandIntended(Instant at, String actor, DeviceCommand command) implements TimelineEntry {
    public CommandIntended {
      requireAtAndActor(at, actor);
      Objects.requireNonNull(command, "command");
    }
  }

  /** Someone said they are going. Only the first acknowledgement is recorded. */
  record Acknowledged(Instant at, String actor) implements TimelineEntry {
    public Acknowledged {
      requireAtAndActor(at, actor);
    }
  }

  /** Staff resolved the alert with an outcome and an optional note (null when none). */
  record Resolved(Instant at, String actor, AlertOutcome outcome, String note)
      implements TimelineEntry {
    public Resolved {
      requireAtAndActor(at, actor);
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /** The rule engine said the condition is over; the alert is resolved with {@code outcome}. */
  record ClearedByRule(Instant at, String actor, AlertOutcome outcome) implements TimelineEntry {
    public ClearedByRule {
      requireAtAndActor(at, actor);
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  private static void requireAtAndActor(Instant at, String actor) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
  }
}
