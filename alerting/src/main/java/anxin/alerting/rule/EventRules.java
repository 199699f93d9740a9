package anxin.alerting.rule;

import anxin.alerting.FacilityRules;
import anxin.alerting.RuleAction.Outcome;
import anxin.alerting.RuleId;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import java.time.Duration;
import java.util.Arrays;

/**
 * The rules one event fires by itself: panic, fall (with its cancel and the repeated-fall note),
 * tamper and battery low. Late events fire them too, with their age.
 */
final class EventRules {

  private final Actions out;

  EventRules(Actions out) {
    this.out = out;
  }

  void evaluate(FacilityState f, DeviceState d, Event e, long eventAt, long delayed, boolean late) {
    switch (e.type()) {
      case PANIC -> fire(RuleId.PANIC, f, d, e, eventAt, delayed, null);
      case TAMPER -> fire(RuleId.TAMPER, f, d, e, eventAt, delayed, null);
      case FALL -> fall(f, d, e, eventAt, delayed);
      case FALL_CANCEL -> cancel(f, d, e.seq(), eventAt);
      case BATTERY_LOW -> battery(f, d, e, eventAt, delayed);
      default -> {}
    }
    Integer bat = e.bat();
    if (bat != null && bat <= f.rules.batteryLowPercent() && e.type() != EventType.BATTERY_LOW) {
      battery(f, d, e, eventAt, delayed);
    }
  }

  private void fire(
      RuleId rule,
      FacilityState f,
      DeviceState d,
      Event e,
      long eventAt,
      long delayed,
      String note) {
    out.trigger(rule, f, d.id, d.resident, d.room, eventAt, delayed, note, e.seq());
  }

  /** At most once per device per local day (the facility's zone, the engine's {@code now}). */
  private void battery(FacilityState f, DeviceState d, Event e, long eventAt, long delayed) {
    long day = LocalWindows.epochDay(out.nowMillis, f.rules.zone());
    if (day != d.batteryDay) {
      d.batteryDay = day;
      fire(RuleId.BATTERY_LOW, f, d, e, eventAt, delayed, null);
    }
  }

  private void fall(FacilityState f, DeviceState d, Event e, long eventAt, long delayed) {
    String note = d.resident == null ? null : repeatedFallNote(f, f.resident(d.resident), eventAt);
    fire(RuleId.FALL, f, d, e, eventAt, delayed, note);
    long window = f.rules.fallCancelWindow().toMillis();
    // The cancel may have come first when the fall is late (reordered by a gateway).
    boolean cancelled =
        d.cancelAt != DeviceState.NONE
            && SeqWindow.after(d.cancelSeq, e.seq())
            && Math.abs(d.cancelAt - eventAt) <= window;
    if (d.fallAt == DeviceState.NONE || SeqWindow.after(e.seq(), d.fallSeq)) {
      d.fallAt = eventAt;
      d.fallSeq = e.seq();
      d.fallCancelled = cancelled;
    }
    if (cancelled) {
      out.clear(RuleId.FALL, f, d.id, d.resident, Outcome.CANCELLED_BY_RESIDENT);
    }
  }

  /** Resolves the device's latest fall when this cancel follows it within the window. */
  private void cancel(FacilityState f, DeviceState d, long seq, long eventAt) {
    if (d.cancelAt == DeviceState.NONE || SeqWindow.after(seq, d.cancelSeq)) {
      d.cancelAt = eventAt;
      d.cancelSeq = seq;
    }
    if (d.fallAt != DeviceState.NONE
        && !d.fallCancelled
        && SeqWindow.after(seq, d.fallSeq)
        && Math.abs(eventAt - d.fallAt) <= f.rules.fallCancelWindow().toMillis()) {
      d.fallCancelled = true;
      out.clear(RuleId.FALL, f, d.id, d.resident, Outcome.CANCELLED_BY_RESIDENT);
    }
  }

  /**
   * Records the fall and returns "2nd fall within 24 h" (3rd, ...) when other falls of the resident
   * lie within the repeated-fall window of this one, in either direction (a late fall counts too),
   * else null.
   */
  private static String repeatedFallNote(FacilityState f, ResidentState r, long eventAt) {
    FacilityRules rules = f.rules;
    long window = rules.repeatedFallWindow().toMillis();
    long[] kept = new long[r.falls.length + 1];
    int n = 0;
    int near = 0;
    long newest = eventAt;
    for (long t : r.falls) {
      newest = Math.max(newest, t);
    }
    for (long t : r.falls) {
      if (newest - t <= window) {
        kept[n++] = t;
        if (Math.abs(t - eventAt) <= window) {
          near++;
        }
      }
    }
    kept[n++] = eventAt;
    r.falls = Arrays.copyOf(kept, n);
    return near == 0
        ? null
        : ordinal(near + 1) + " fall within " + human(rules.repeatedFallWindow());
  }

  static String ordinal(int n) {
    int mod100 = n % 100;
    String suffix =
        mod100 >= 11 && mod100 <= 13
            ? "th"
            : switch (n % 10) {
              case 1 -> "st";
              case 2 -> "nd";
              case 3 -> "rd";
              default -> "th";
            };
    return n + suffix;
  }

  static String human(Duration d) {
    if (d.toMinutesPart() == 0 && d.toSecondsPart() == 0 && d.toMillisPart() == 0) {
      return d.toHours() + " h";
    }
    if (d.toSecondsPart() == 0 && d.toMillisPart() == 0) {
      return d.toMinutes() + " min";
    }
    return d.toMillis() + " ms";
  }
}
