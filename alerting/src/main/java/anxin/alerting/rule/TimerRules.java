package anxin.alerting.rule;

import anxin.alerting.FacilityRules;
import anxin.alerting.RuleAction.Outcome;
import anxin.alerting.RuleId;
import anxin.protocol.Event;
import anxin.protocol.EventType;

/**
 * The rules that fire when time passes: door left open, night exit, not back in bed, inactivity,
 * device silent and gateway offline. Each fires once per condition: a {@link Timer} is armed when
 * the condition begins, fired when due, and only a new condition (or a clear) lets it fire again.
 *
 * <p>Timers are due at the condition's start plus the rule's threshold, and fire at or after that
 * instant: a door open exactly 15 min fires. Condition starts are event times, so a door opened
 * during an outage and reported late is due early; when the closing event shows the threshold was
 * already reached (the tick had not come yet), the rule fires then, before the clear.
 */
final class TimerRules {

  private final TimerQueue queue;
  private final Actions out;

  TimerRules(TimerQueue queue, Actions out) {
    this.queue = queue;
    this.out = out;
  }

  /** Any message from the device: resets device silent, clears it if it had fired. */
  void heard(DeviceState d, long nowMillis) {
    d.lastHeard = Math.max(d.lastHeard, nowMillis);
    Timer t = d.silent;
    if (t.fired) {
      t.fired = false;
      out.clear(RuleId.DEVICE_SILENT, t.facility, d.id, d.resident, Outcome.AUTO_CLEARED);
    }
    if (!t.queued) {
      t.armed = true;
      t.since = d.lastHeard;
      t.due = d.lastHeard + t.facility.rules.silentAfter(d.id).toMillis();
      queue.schedule(t);
    }
  }

  /** Door and bed events in {@code seq} order (late ones never reach here). */
  void onStateEvent(FacilityState f, DeviceState d, Event e, long eventAt) {
    FacilityRules rules = f.rules;
    switch (e.type()) {
      case DOOR_OPEN -> {
        Timer open = d.doorLeftOpen();
        if (!open.armed) {
          start(open, eventAt, rules.doorLeftOpen().toMillis());
          if (nightExitApplies(rules, d, e, eventAt)) {
            start(d.nightExit(), eventAt, rules.nightExitGrace().toMillis());
          }
        }
      }
      case DOOR_CLOSE -> {
        if (d.doorLeftOpen != null) {
          end(d.doorLeftOpen, eventAt, true);
          end(d.nightExit, eventAt, false);
        }
      }
      case BED_EXIT -> {
        Timer bed = d.notBackInBed();
        if (!bed.armed
            && LocalWindows.within(eventAt, rules.zone(), rules.nightStart(), rules.nightEnd())) {
          start(bed, eventAt, rules.notBackInBed().toMillis());
        }
      }
      case BED_RETURN -> {
        if (d.notBackInBed != null) {
          end(d.notBackInBed, eventAt, true);
        }
      }
      default -> {}
    }
  }

  /**
   * Inactivity for a lives-alone resident: watching starts with the first message from any of their
   * devices; motion, door and bed events are activity.
   */
  void watchResident(FacilityState f, ResidentState r, EventType type, long eventAt) {
    Timer t = r.inactivity(f);
    boolean activity =
        switch (type) {
          case MOTION, DOOR_OPEN, DOOR_CLOSE, BED_EXIT, BED_RETURN -> true;
          default -> false;
        };
    if (r.lastActivity == DeviceState.NONE) {
      r.lastActivity = eventAt;
    } else if (activity && eventAt > r.lastActivity) {
      r.lastActivity = eventAt;
      if (t.fired) {
        long due = inactivityDue(f, r);
        if (due <= out.nowMillis) {
          return; // still inactive by the new activity's time: stays fired
        }
        t.fired = false;
        out.clear(RuleId.INACTIVITY, f, null, r.id, Outcome.AUTO_CLEARED);
      }
    }
    if (!t.queued && !t.fired) {
      t.armed = true;
      t.since = r.lastActivity;
      t.due = inactivityDue(f, r);
      queue.schedule(t);
    }
  }

  void gatewayStatus(FacilityState f, GatewayState g, boolean online, long atMillis) {
    g.lastStatus = Math.max(g.lastStatus, out.nowMillis);
    Timer t = g.offline;
    if (!online) {
      g.offlineReported = true;
      if (!t.fired) {
        t.fired = true;
        t.since = atMillis;
        long age = out.nowMillis - atMillis;
        out.trigger(
            RuleId.GATEWAY_OFFLINE, f, g.id, null, null, atMillis, lateBy(f, age), null, null);
      }
      return;
    }
    g.offlineReported = false;
    if (t.fired) {
      t.fired = false;
      out.clear(RuleId.GATEWAY_OFFLINE, f, g.id, null, Outcome.AUTO_CLEARED);
    }
    if (!t.queued) {
      t.armed = true;
      t.due = g.lastStatus + f.rules.gatewaySilent().toMillis();
      queue.schedule(t);
    }
  }

  /** A queued timer came due: fire it, or requeue it when newer activity moved its due time. */
  void due(Timer t) {
    FacilityState f = t.facility;
    switch (t.rule) {
      case DEVICE_SILENT -> {
        DeviceState d = t.device;
        t.since = d.lastHeard;
        if (!requeue(t, d.lastHeard + f.rules.silentAfter(d.id).toMillis())) {
          fire(t, d.id, d.resident, d.room);
        }
      }
      case INACTIVITY -> {
        ResidentState r = t.resident;
        t.since = r.lastActivity;
        if (!requeue(t, inactivityDue(f, r))) {
          fire(t, null, r.id, null);
        }
      }
      case GATEWAY_OFFLINE -> {
        GatewayState g = t.gateway;
        t.since = g.lastStatus;
        if (!g.offlineReported && !requeue(t, g.lastStatus + f.rules.gatewaySilent().toMillis())) {
          fire(t, g.id, null, null);
        }
      }
      default -> fire(t, t.device.id, t.device.resident, t.device.room);
    }
  }

  private boolean requeue(Timer t, long due) {
    if (due > out.nowMillis) {
      t.due = due;
      queue.schedule(t);
      return true;
    }
    return false;
  }

  private void fire(Timer t, String device, String resident, String room) {
    if (!t.armed || t.fired) {
      return;
    }
    t.fired = true;
    long late = lateBy(t.facility, out.nowMillis - t.due);
    out.trigger(t.rule, t.facility, device, resident, room, t.since, late, null, null);
  }

  private void start(Timer t, long since, long thresholdMillis) {
    t.arm(since, since + thresholdMillis);
    queue.schedule(t);
  }

  /** The condition ended at {@code endedAt}: fire first if it had already lasted long enough. */
  private void end(Timer t, long endedAt, boolean clears) {
    if (!t.armed) {
      return;
    }
    if (!t.fired && endedAt >= t.due) {
      fire(t, t.device.id, t.device.resident, t.device.room);
    }
    if (t.fired && clears) {
      out.clear(t.rule, t.facility, t.device.id, t.device.resident, Outcome.AUTO_CLEARED);
    }
    t.disarm();
  }

  /**
   * An exit door ({@code data.door} in {@code night-exit.doors}; a door event without {@code
   * data.door} is not an exit) opened at night, for a wandering-risk resident: the door's own
   * resident, or for a facility-level door (no resident) any resident of the facility.
   */
  private static boolean nightExitApplies(
      FacilityRules rules, DeviceState d, Event e, long eventAt) {
    if (!(e.data().get(Event.DATA_DOOR) instanceof String door)
        || !rules.exitDoors().contains(door)
        || !LocalWindows.within(eventAt, rules.zone(), rules.nightStart(), rules.nightEnd())) {
      return false;
    }
    return d.resident != null
        ? rules.carePlan(d.resident).wanderingRisk()
        : rules.anyWanderingRisk();
  }

  private static long inactivityDue(FacilityState f, ResidentState r) {
    FacilityRules rules = f.rules;
    return LocalWindows.dueAfterWindowTime(
        r.lastActivity,
        rules.inactivityAfter().toMillis(),
        rules.zone(),
        rules.dayStart(),
        rules.dayEnd());
  }

  /** Age counts as delayed only past {@code late.after}; a tick's own lag never does. */
  private static long lateBy(FacilityState f, long ageMillis) {
    return ageMillis > f.rules.lateAfter().toMillis() ? ageMillis : 0;
  }
}
