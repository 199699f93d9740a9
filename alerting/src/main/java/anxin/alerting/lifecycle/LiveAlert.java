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
