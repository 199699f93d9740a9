package anxin.alerting.lifecycle;

import anxin.alerting.Alert;
import anxin.alerting.AlertOutcome;
import anxin.alerting.AlertState;
import anxin.alerting.RuleAction.Trigger;
import anxin.alerting.RuleId;
import anxin.alerting.Severity;
import anxin.alerting.Timeline;
import anxin.alerting.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The alert book's mutable record of one alert and its append-only timeline. */
final class LiveAlert {

  final String id;
  final String facility;
  final RuleId rule;
  final Severity severity;
  final String subject;
  final String device;
  final String resident;
  final String room;
  final Instant openedAt;
  final Instant firstSeen;
  final Duration delayed;

  AlertState state = AlertState.OPEN;
  AlertOutcome outcome;
  int count = 1;
  Instant lastSeen;
  final List<String> notes = new ArrayList<>(1);
  Instant acknowledgedAt;
  String acknowledgedBy;
  Instant resolvedAt;
  String resolvedBy;
  String resolutionNote;

  private final List<TimelineEntry> timeline = new ArrayList<>(8);

  /** Timeline entries already handed out for storage. */
  int stored;

  LiveAlert(String id, Trigger t, Instant now) {
    this.id = id;
    this.facility = t.facility();
    this.rule = t.rule();
    this.severity = t.severity();
    this.subject = t.subject();
    this.device = t.device();
    this.resident = t.resident();
    this.room = t.room();
    this.openedAt = now;
    this.firstSeen = t.eventAt();
    this.lastSeen = t.eventAt();
    this.delayed = t.delayed();
    addNote(t.note());
  }

  /** An alert restored from storage, with its timeline. */
  LiveAlert(Alert a, List<TimelineEntry> entries) {
    this.id = a.id();
    this.facility = a.facility();
    this.rule = a.rule();
    this.severity = a.severity();
    this.subject = a.subject();
    this.device = a.device();
    this.resident = a.resident();
    this.room = a.room();
    this.openedAt = a.openedAt();
    this.firstSeen = a.firstSeen();
    this.delayed = a.delayed();
    this.state = a.state();
    this.outcome = a.outcome();
    this.count = a.count();
    this.lastSeen = a.lastSeen();
    this.notes.addAll(a.notes());
    this.acknowledgedAt = a.acknowledgedAt();
    this.acknowledgedBy = a.acknowledgedBy();
    this.resolvedAt = a.resolvedAt();
    this.resolvedBy = a.resolvedBy();
    this.resolutionNote = a.resolutionNote();
    this.timeline.addAll(entries);
    this.stored = entries.size();
  }

  /** The timeline, live; not to be changed by the caller. */
  List<TimelineEntry> entries() {
    return java.util.Collections.unmodifiableList(timeline);
  }

  /** The highest escalation step on the timeline, 0 for none. */
  int escalationStep() {
    int step = 0;
    for (TimelineEntry e : timeline) {
      if (e instanceof TimelineEntry.Escalated s && s.step() > step) {
        step = s.step();
      }
    }
    return step;
  }

  /** True when the timeline already holds an entry for which {@code same} is true. */
  boolean has(java.util.function.Predicate<TimelineEntry> same) {
    for (TimelineEntry e : timeline) {
      if (same.test(e)) {
        return true;
      }
    }
    return false;
  }

  void addNote(String note) {
    if (note != null && !notes.contains(note)) {
      notes.add(note);
    }
  }

  void append(TimelineEntry entry) {
    timeline.add(entry);
  }

  Alert snapshot() {
    return new Alert(
        id,
        facility,
        rule,
        severity,
        subject,
        device,
        resident,
        room,
        state,
        outcome,
        count,
        openedAt,
        firstSeen,
        lastSeen,
        delayed,
        notes,
        acknowledgedAt,
        acknowledgedBy,
        resolvedAt,
        resolvedBy,
        resolutionNote);
  }

  Timeline timeline() {
    return new Timeline(id, timeline);
  }
}
