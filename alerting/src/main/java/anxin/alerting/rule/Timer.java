package anxin.alerting.rule;

import anxin.alerting.RuleId;

/**
 * One timer rule's state for one subject (a device's door, a resident's inactivity, a gateway's
 * silence), reused for the subject's lifetime. {@link TimerQueue} holds entries that point here; an
 * entry whose {@code generation} is no longer the timer's is stale and skipped, so disarming never
 * searches the queue.
 */
final class Timer {

  final RuleId rule;
  final FacilityState facility;
  final DeviceState device;
  final ResidentState resident;
  final GatewayState gateway;

  /** The condition is on (door open, out of bed, being watched for silence). */
  boolean armed;

  /** A trigger left for the current condition and no clear has followed. */
  boolean fired;

  /** When the condition began, ms since the epoch. */
  long since;

  /** When the timer is due, ms since the epoch. */
  long due;

  /** Incremented by every arm and disarm; queue entries of an older generation are stale. */
  int generation;

  /** An entry of the current generation is in the queue. */
  boolean queued;

  Timer(
      RuleId rule,
      FacilityState facility,
      DeviceState device,
      ResidentState resident,
      GatewayState gateway) {
    this.rule = rule;
    this.facility = facility;
    this.device = device;
    this.resident = resident;
    this.gateway = gateway;
  }

  /** Starts the condition; the caller then schedules {@link #due}. */
  void arm(long sinceMillis, long dueMillis) {
    armed = true;
    fired = false;
    since = sinceMillis;
    due = dueMillis;
    generation++;
    queued = false;
  }

  /** Ends the condition; any queued entry becomes stale. */
  void disarm() {
    armed = false;
    generation++;
    queued = false;
  }
}
