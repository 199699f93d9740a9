package anxin.alerting.lifecycle;

import anxin.alerting.Alert;
import anxin.alerting.AlertEvent;
import anxin.alerting.AlertIdSource;
import anxin.alerting.AlertOutcome;
import anxin.alerting.AlertState;
import anxin.alerting.Changes;
import anxin.alerting.DeviceCommand;
import anxin.alerting.NotificationIntent;
import anxin.alerting.RuleAction;
import anxin.alerting.RuleAction.Clear;
import anxin.alerting.RuleAction.Trigger;
import anxin.alerting.RuleId;
import anxin.alerting.StaffActionResult;
import anxin.alerting.StaffActionResult.Applied;
import anxin.alerting.StaffActionResult.Reason;
import anxin.alerting.StaffActionResult.Rejected;
import anxin.alerting.Timeline;
import anxin.alerting.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every alert and its timeline (DESIGN §5): opens alerts for rule triggers, merges retriggers,
 * applies rule clears and staff acknowledgement and resolution. Pure: no I/O, no clock of its own
 * (the caller passes {@code now}), one thread at a time. Nothing is ever removed.
 *
 * <p>An alert is <em>active</em> while open or acknowledged. At most one alert per key {@code
 * (facility, rule, subject)} is active: a {@link Trigger} with an active alert's key is merged into
 * it (count, last seen, notes); otherwise it opens a new alert, also when an earlier alert with the
 * key is resolved. A {@link Clear} resolves the active alert with its key with the clear's outcome,
 * and is ignored when there is none.
 */
public final class AlertBook {

  private record Key(String facility, RuleId rule, String subject) {}

  private static final String OUTCOMES =
      Arrays.stream(AlertOutcome.values())
          .map(AlertOutcome::wireName)
          .collect(Collectors.joining(", "));

  private final AlertIdSource ids;
  private final Map<String, LiveAlert> byId = new HashMap<>();
  private final Map<Key, LiveAlert> active = new HashMap<>();

  /**
   * @param ids gives each new alert its id
   */
  public AlertBook(AlertIdSource ids) {
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  /**
   * Applies a rule engine's action.
   *
   * @return the events to publish: {@code OPENED} for a new alert, {@code UPDATED} for a merged
   *     retrigger, {@code RESOLVED} for a clear; empty for a clear without an active alert
   */
  public List<AlertEvent> apply(RuleAction action, Instant now) {
    Objects.requireNonNull(now, "now");
    Key key = new Key(action.facility(), action.rule(), action.subject());
    LiveAlert a = active.get(key);
    if (action instanceof Trigger t) {
      return List.of(a == null ? open(key, t, now) : retrigger(a, t, now));
    }
    Clear c = (Clear) action;
    if (a == null) {
      return List.of();
    }
    AlertOutcome outcome = AlertOutcome.of(c.outcome());
    String actor = "rule:" + c.rule().wireName();
    a.append(new TimelineEntry.ClearedByRule(now, actor, outcome));
    return List.of(close(a, actor, outcome, null, now));
  }

  /**
   * Staff say they are going. Idempotent: a second acknowledgement, or one of a resolved alert,
   * changes nothing and is not an error.
   *
   * @param actor staff id, never null
   * @return {@link Applied} with an {@code ACKNOWLEDGED} event, or with no changes for a no-op;
   *     {@link Rejected} ({@link Reason#UNKNOWN_ALERT}) for an unknown id
   */
  public StaffActionResult acknowledge(String alertId, String actor, Instant now) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(now, "now");
    LiveAlert a = byId.get(alertId);
    if (a == null) {
      return unknown(alertId);
    }
    if (a.state != AlertState.OPEN) {
      return new Applied(a.snapshot(), Changes.NONE);
    }
    a.state = AlertState.ACKNOWLEDGED;
    a.acknowledgedAt = now;
    a.acknowledgedBy = actor;
    a.append(new TimelineEntry.Acknowledged(now, actor));
    Alert after = a.snapshot();
    return new Applied(
        after, Changes.of(List.of(new AlertEvent(AlertEvent.Kind.ACKNOWLEDGED, after, 0))));
  }

  /**
   * Staff resolve an alert, open or acknowledged, with an outcome. Repeating the resolution with
   * the same outcome is a no-op.
   *
   * @param actor staff id, never null
   * @param outcome the outcome's wire name (DESIGN §5), as received; required
   * @param note free text, or null; blank counts as null
   * @return {@link Applied} with a {@code RESOLVED} event; {@link Rejected} for an unknown alert, a
   *     missing or unknown outcome, or an alert already resolved with another outcome
   */
  public StaffActionResult resolve(
      String alertId, String actor, String outcome, String note, Instant now) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(now, "now");
    LiveAlert a = byId.get(alertId);
    if (a == null) {
      return unknown(alertId);
    }
    if (outcome == null || outcome.isBlank()) {
      return new Rejected(Reason.OUTCOME_MISSING, "an outcome is required: one of " + OUTCOMES);
    }
    Optional<AlertOutcome> parsed = AlertOutcome.fromWireName(outcome);
    if (parsed.isEmpty()) {
      return new Rejected(
          Reason.UNKNOWN_OUTCOME,
          "unknown outcome \"" + bounded(outcome) + "\": one of " + OUTCOMES);
    }
    if (a.state == AlertState.RESOLVED) {
      if (a.outcome == parsed.get()) {
        return new Applied(a.snapshot(), Changes.NONE);
      }
      return new Rejected(
          Reason.ALREADY_RESOLVED,
          "alert " + alertId + " is already resolved as " + a.outcome + " by " + a.resolvedBy);
    }
    String text = note == null || note.isBlank() ? null : note;
    a.append(new TimelineEntry.Resolved(now, actor, parsed.get(), text));
    AlertEvent resolved = close(a, actor, parsed.get(), text, now);
    return new Applied(resolved.alert(), Changes.of(List.of(resolved)));
  }

  /** The alert with the id, if any. */
  public Optional<Alert> alert(String alertId) {
    LiveAlert a = byId.get(alertId);
    return a == null ? Optional.empty() : Optional.of(a.snapshot());
  }

  /** The alert's timeline, oldest first, if the alert exists. */
  public Optional<Timeline> timeline(String alertId) {
    LiveAlert a = byId.get(alertId);
    return a == null ? Optional.empty() : Optional.of(a.timeline());
  }

  /** The active (open or acknowledged) alert with the key, if any. */
  public Optional<Alert> active(String facility, RuleId rule, String subject) {
    LiveAlert a = active.get(new Key(facility, rule, subject));
    return a == null ? Optional.empty() : Optional.of(a.snapshot());
  }

  /** Every active alert, in no particular order. */
  public List<Alert> active() {
    List<Alert> out = new ArrayList<>(active.size());
    active.values().forEach(a -> out.add(a.snapshot()));
    return out;
  }

  /** How many alerts the book holds, resolved ones included. */
  public int size() {
    return byId.size();
  }

  /** Records that escalation took a step; an {@code ESCALATED} event, or null if unknown. */
  AlertEvent escalated(String alertId, int step, int recipients, Instant at) {
    LiveAlert a = byId.get(alertId);
    if (a == null) {
      return null;
    }
    a.append(new TimelineEntry.Escalated(at, TimelineEntry.ESCALATOR, step, recipients));
    return new AlertEvent(AlertEvent.Kind.ESCALATED, a.snapshot(), step);
  }

  /** Records a notification handed on. */
  void intended(NotificationIntent intent, Instant at) {
    LiveAlert a = byId.get(intent.alertId());
    if (a != null) {
      a.append(new TimelineEntry.NotificationIntended(at, TimelineEntry.ESCALATOR, intent));
    }
  }

  /** Records a device command handed on. */
  void commanded(DeviceCommand command, Instant at) {
    LiveAlert a = byId.get(command.alertId());
    if (a != null) {
      a.append(new TimelineEntry.CommandIntended(at, TimelineEntry.ESCALATOR, command));
    }
  }

  private AlertEvent open(Key key, Trigger t, Instant now) {
    String id = ids.next(now);
    if (byId.containsKey(id)) {
      throw new IllegalStateException("alert id source repeated an id: " + id);
    }
    LiveAlert a = new LiveAlert(id, t, now);
    a.append(
        new TimelineEntry.Opened(
            now, "rule:" + t.rule().wireName(), t.eventAt(), t.delayed(), t.note()));
    byId.put(id, a);
    active.put(key, a);
    return new AlertEvent(AlertEvent.Kind.OPENED, a.snapshot(), 0);
  }

  private static AlertEvent retrigger(LiveAlert a, Trigger t, Instant now) {
    a.count++;
    if (t.eventAt().isAfter(a.lastSeen)) {
      a.lastSeen = t.eventAt();
    }
    a.addNote(t.note());
    a.append(
        new TimelineEntry.Retriggered(
            now, "rule:" + t.rule().wireName(), a.count, t.eventAt(), t.delayed(), t.note()));
    return new AlertEvent(AlertEvent.Kind.UPDATED, a.snapshot(), 0);
  }

  private AlertEvent close(
      LiveAlert a, String actor, AlertOutcome outcome, String note, Instant now) {
    a.state = AlertState.RESOLVED;
    a.outcome = outcome;
    a.resolvedAt = now;
    a.resolvedBy = actor;
    a.resolutionNote = note;
    active.remove(new Key(a.facility, a.rule, a.subject));
    return new AlertEvent(AlertEvent.Kind.RESOLVED, a.snapshot(), 0);
  }

  private static Rejected unknown(String alertId) {
    return new Rejected(Reason.UNKNOWN_ALERT, "no alert with id \"" + bounded(alertId) + "\"");
  }

  private static String bounded(String s) {
    return s == null ? "null" : s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
