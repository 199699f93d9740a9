package anxin.alerting.lifecycle;

import anxin.alerting.AlertEvent;
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
    for (NotificationIntent i : paging.intents()) {
      book.intended(i, now);
    }
    for (DeviceCommand c : paging.commands()) {
      book.commanded(c, now);
    }
    return new Changes(events, paging.intents(), paging.commands());
  }
}
