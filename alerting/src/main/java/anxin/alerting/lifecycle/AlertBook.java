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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
  private final Set<LiveAlert> unstored = new LinkedHashSet<>();

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
    append(a, new TimelineEntry.ClearedByRule(now, actor, outcome));
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
    append(a, new TimelineEntry.Acknowledged(now, actor));
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
    append(a, new TimelineEntry.Resolved(now, actor, parsed.get(), text));
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

  /**
   * Puts back an alert read from storage, with its timeline, as it was. An active one takes its key
   * again, so retriggers merge into it.
   *
   * @throws IllegalStateException when the book already holds the id, or an active alert with the
   *     key
   */
  public void restore(Alert alert, Timeline timeline) {
    if (!alert.id().equals(timeline.alertId())) {
      throw new IllegalArgumentException(
          "timeline of " + timeline.alertId() + " given for alert " + alert.id());
    }
    if (byId.containsKey(alert.id())) {
      throw new IllegalStateException("alert " + alert.id() + " is already in the book");
    }
    LiveAlert a = new LiveAlert(alert, timeline.entries());
    Key key = new Key(a.facility, a.rule, a.subject);
    if (a.state != AlertState.RESOLVED && active.putIfAbsent(key, a) != null) {
      throw new IllegalStateException("two active alerts for " + key + ": " + alert.id());
    }
    byId.put(a.id, a);
  }

  /**
   * Drops a resolved alert from memory (storage keeps it): a long-running process holds only the
   * active alerts and recently resolved ones. Ignored for an unknown or active alert.
   *
   * @return true when it was dropped
   */
  public boolean forget(String alertId) {
    LiveAlert a = byId.get(alertId);
    if (a == null || a.state != AlertState.RESOLVED) {
      return false;
    }
    byId.remove(alertId);
    unstored.remove(a);
    return true;
  }

  /**
   * True when an alert in the book was opened or retriggered by this trigger's event already: same
   * key and event time. Used when events are replayed after a restart, so an event evaluated before
   * the restart does not count twice. Scans the book; for recovery, not the live path.
   */
  public boolean saw(Trigger t) {
    for (LiveAlert a : byId.values()) {
      if (a.facility.equals(t.facility())
          && a.rule == t.rule()
          && a.subject.equals(t.subject())
          && a.has(
              e ->
                  (e instanceof TimelineEntry.Opened o && o.eventAt().equals(t.eventAt()))
                      || (e instanceof TimelineEntry.Retriggered r
                          && r.eventAt().equals(t.eventAt())))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Records that escalation took a step; an {@code ESCALATED} event, or null if the alert is
   * unknown or its timeline already shows the step (escalation re-run after a restart).
   */
  AlertEvent escalated(String alertId, int step, int recipients, Instant at) {
    LiveAlert a = byId.get(alertId);
    if (a == null || a.has(e -> e instanceof TimelineEntry.Escalated s && s.step() == step)) {
      return null;
    }
    append(a, new TimelineEntry.Escalated(at, TimelineEntry.ESCALATOR, step, recipients));
    return new AlertEvent(AlertEvent.Kind.ESCALATED, a.snapshot(), step);
  }

  /**
   * Records a notification handed on; false, and nothing recorded, when the timeline already holds
   * its dedup key (it was handed on before a restart).
   */
  boolean intended(NotificationIntent intent, Instant at) {
    LiveAlert a = byId.get(intent.alertId());
    if (a == null) {
      return true;
    }
    String key = intent.dedupKey();
    if (a.has(
        e ->
            e instanceof TimelineEntry.NotificationIntended n
                && n.intent().dedupKey().equals(key))) {
      return false;
    }
    append(a, new TimelineEntry.NotificationIntended(at, TimelineEntry.ESCALATOR, intent));
    return true;
  }

  /** Records a device command handed on; false when the timeline already holds its dedup key. */
  boolean commanded(DeviceCommand command, Instant at) {
    LiveAlert a = byId.get(command.alertId());
    if (a == null) {
      return true;
    }
    String key = command.dedupKey();
    if (a.has(
        e -> e instanceof TimelineEntry.CommandIntended c && c.command().dedupKey().equals(key))) {
      return false;
    }
    append(a, new TimelineEntry.CommandIntended(at, TimelineEntry.ESCALATOR, command));
    return true;
  }

  /**
   * What changed since the last call, for storage: each alert whose timeline grew, with its
   * snapshot and the new entries. Entries are handed out once.
   *
   * @param alert the snapshot
   * @param escalationStep the highest escalation step on its timeline, 0 for none
   * @param firstNew position of the first new entry in the timeline
   * @param entries the new entries
   */
  public record Unstored(
      Alert alert, int escalationStep, int firstNew, List<TimelineEntry> entries) {}

  /** Every alert changed since the last call, with its new timeline entries. */
  public List<Unstored> drainUnstored() {
    if (unstored.isEmpty()) {
      return List.of();
    }
    List<Unstored> out = new ArrayList<>(unstored.size());
    for (LiveAlert a : unstored) {
      List<TimelineEntry> all = a.entries();
      out.add(
          new Unstored(
              a.snapshot(),
              a.escalationStep(),
              a.stored,
              List.copyOf(all.subList(a.stored, all.size()))));
      a.stored = all.size();
    }
    unstored.clear();
    return out;
  }

  private void append(LiveAlert a, TimelineEntry entry) {
    a.append(entry);
    unstored.add(a);
  }

  private AlertEvent open(Key key, Trigger t, Instant now) {
    String id = ids.next(now);
    if (byId.containsKey(id)) {
      throw new IllegalStateException("alert id source repeated an id: " + id);
    }
    LiveAlert a = new LiveAlert(id, t, now);
    append(
        a,
        new TimelineEntry.Opened(
            now, "rule:" + t.rule().wireName(), t.eventAt(), t.delayed(), t.note()));
    byId.put(id, a);
    active.put(key, a);
    return new AlertEvent(AlertEvent.Kind.OPENED, a.snapshot(), 0);
  }

  private AlertEvent retrigger(LiveAlert a, Trigger t, Instant now) {
    a.count++;
    if (t.eventAt().isAfter(a.lastSeen)) {
      a.lastSeen = t.eventAt();
    }
    a.addNote(t.note());
    append(
        a,
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
