package anxin.alerting.lifecycle;

import anxin.alerting.Alert;
import anxin.alerting.AlertEvent;
import anxin.alerting.AlertState;
import anxin.alerting.Changes;
import anxin.alerting.DeviceCommand;
import anxin.alerting.NotificationIntent;
import anxin.alerting.RuleAction;
import anxin.alerting.StaffActionResult;
import anxin.alerting.StaffActionResult.Applied;
import anxin.alerting.escalation.Escalator;
import anxin.alerting.escalation.Paging;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The alert book and the escalator together: what the platform calls with rule actions, staff
 * actions and clock ticks. Every decision of the escalator is written to the alert's timeline
 * (steps, notification and command intents) before it is returned, so the timeline shows every page
 * and message handed on. Pure; one thread at a time; {@code now} passed in.
 *
 * <p>Returned {@link Changes} carry, in order: alert events for the console ({@code OPENED}, {@code
 * UPDATED}, {@code ACKNOWLEDGED}, {@code RESOLVED}, and {@code ESCALATED} for steps 2 and later;
 * step 1 is the opening page), notification intents for the outbox, device commands for MQTT.
 */
public final class AlertDesk {

  private final AlertBook book;
  private final Escalator escalator;

  public AlertDesk(AlertBook book, Escalator escalator) {
    this.book = Objects.requireNonNull(book, "book");
    this.escalator = Objects.requireNonNull(escalator, "escalator");
  }

  /** The alerts, for queries. */
  public AlertBook book() {
    return book;
  }

  /** Applies a rule action: opens, merges or resolves an alert, and escalates a new one. */
  public Changes apply(RuleAction action, Instant now) {
    List<AlertEvent> events = book.apply(action, now);
    Changes out = Changes.of(events);
    for (AlertEvent e : events) {
      out = out.then(follow(e, now));
    }
    return out;
  }

  /** Acknowledges; see {@link AlertBook#acknowledge}. Stops escalation, reassures the device. */
  public StaffActionResult acknowledge(String alertId, String actor, Instant now) {
    return followed(book.acknowledge(alertId, actor, now), now);
  }

  /**
   * Resolves; see {@link AlertBook#resolve}. Stops escalation, tells the families who were told.
   */
  public StaffActionResult resolve(
      String alertId, String actor, String outcome, String note, Instant now) {
    return followed(book.resolve(alertId, actor, outcome, note, now), now);
  }

  /** Takes every escalation step, reminder and held message due at or before {@code now}. */
  public Changes tick(Instant now) {
    return record(escalator.tick(now), now);
  }

  private StaffActionResult followed(StaffActionResult result, Instant now) {
    if (result instanceof Applied a && !a.noop()) {
      Changes more = Changes.NONE;
      for (AlertEvent e : a.changes().events()) {
        more = more.then(follow(e, now));
      }
      return new Applied(a.alert(), a.changes().then(more));
    }
    return result;
  }

  private Changes follow(AlertEvent e, Instant now) {
    Paging paging =
        switch (e.kind()) {
          case OPENED -> escalator.opened(e.alert(), now);
          case ACKNOWLEDGED -> escalator.acknowledged(e.alert(), now);
          case RESOLVED -> escalator.resolved(e.alert(), now);
          case UPDATED, ESCALATED -> Paging.NONE;
        };
    return record(paging, now);
  }

  private Changes record(Paging paging, Instant now) {
    if (paging.isEmpty()) {
      return Changes.NONE;
    }
    List<AlertEvent> events = new ArrayList<>();
    for (Paging.StepTaken s : paging.steps()) {
      AlertEvent escalated = book.escalated(s.alertId(), s.step(), s.recipients(), s.at());
      if (escalated != null && s.step() > 1) {
        events.add(escalated);
      }
    }
    List<NotificationIntent> intents = new ArrayList<>(paging.intents().size());
    for (NotificationIntent i : paging.intents()) {
      if (book.intended(i, now)) {
        intents.add(i);
      }
    }
    List<DeviceCommand> commands = new ArrayList<>(paging.commands().size());
    for (DeviceCommand c : paging.commands()) {
      if (book.commanded(c, now)) {
        commands.add(c);
      }
    }
    return new Changes(events, intents, commands);
  }

  /**
   * Applies a rule action produced by replaying stored events after a restart: like {@link #apply},
   * except that a trigger whose event already opened or retriggered an alert in the book is
   * skipped, so an event evaluated before the restart is not counted or paged twice.
   */
  public Changes applyReplayed(RuleAction action, Instant now) {
    if (action instanceof RuleAction.Trigger t && book.saw(t)) {
      return Changes.NONE;
    }
    return apply(action, now);
  }

  /**
   * Resumes escalation of alerts restored into the book after a restart. Each active alert's
   * escalation is re-run from its opening (and, if acknowledged, up to its acknowledgement) against
   * today's policies and rosters, then brought to {@code now}: steps, reminders and held messages
   * that fell due while the process was down are taken now; those already on the timeline (by step
   * number and dedup key) are not repeated. The result holds only what is new.
   *
   * @param restored the active alerts put back with {@link AlertBook#restore}
   */
  public Changes recover(List<Alert> restored, Instant now) {
    record Moment(Instant at, Alert alert, boolean ack) {}
    List<Moment> moments = new ArrayList<>();
    for (Alert a : restored) {
      if (!a.isActive()) {
        continue;
      }
      moments.add(new Moment(a.openedAt(), a, false));
      if (a.acknowledgedAt() != null) {
        moments.add(new Moment(a.acknowledgedAt(), a, true));
      }
    }
    moments.sort(java.util.Comparator.comparing(Moment::at));
    Changes out = Changes.NONE;
    for (Moment m : moments) {
      Instant at = m.at().isAfter(now) ? now : m.at();
      out = out.then(record(escalator.tick(at), at));
      if (m.ack()) {
        out = out.then(record(escalator.acknowledged(m.alert(), at), at));
      } else {
        out = out.then(record(escalator.opened(asOpen(m.alert()), at), at));
      }
    }
    return out.then(record(escalator.tick(now), now));
  }

  private static Alert asOpen(Alert a) {
    if (a.state() == AlertState.OPEN) {
      return a;
    }
    return new Alert(
        a.id(),
        a.facility(),
        a.rule(),
        a.severity(),
        a.subject(),
        a.device(),
        a.resident(),
        a.room(),
        AlertState.OPEN,
        null,
        a.count(),
        a.openedAt(),
        a.firstSeen(),
        a.lastSeen(),
        a.delayed(),
        a.notes(),
        null,
        null,
        null,
        null,
        null);
  }
}
