package anxin.alerting.rule;

import anxin.alerting.FacilityRules;
import anxin.alerting.GatewayStatus;
import anxin.alerting.Observation;
import anxin.alerting.RuleAction;
import anxin.protocol.Event;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The rules of DESIGN §4 over every facility: observations, gateway statuses and clock ticks in,
 * {@link RuleAction}s out. No threads, no I/O, no clock of its own: the caller passes {@code now}
 * (the platform calls {@link #tick} at least every 250 ms) and calls from one thread at a time.
 *
 * <p>Per device, events are taken in {@code seq} order: a duplicate ({@code dev}, {@code seq}) is
 * ignored; an event behind the highest {@code seq} seen is late and still fires its rule, marked
 * with its age. A late door (or bed) event changes the door (or bed) state only when no newer door
 * (or bed) event has: an alarm that overtook its device's earlier events (taken ahead of them by
 * ingest's alarm watch or the core's alarm lane) leaves their state changes intact. An event older
 * than {@code late.after} is marked delayed too. Timer rules fire in {@link #tick}, each once per
 * condition. The engine emits a trigger every time a rule fires; merging a retrigger into the open
 * alert is the alert book's job (see {@link RuleAction}).
 *
 * <p>Cost: {@link #onObservation} is O(1) expected (two hash lookups, a bitmap), plus O(log n) for
 * the rare event that starts a timer (door open, night bed exit, a device's first message);
 * heartbeats and motion only record a time, and the due time is checked when the queued one comes
 * up. {@link #tick} is O((k + s) log n) for k timers due and s stale entries, never a scan.
 */
public final class RuleEngine {

  private final Function<String, FacilityRules> rulesOf;
  private final Map<String, FacilityState> facilities = new HashMap<>();
  private final Actions out = new Actions();
  private final TimerQueue queue = new TimerQueue();
  private final TimerRules timers = new TimerRules(queue, out);
  private final EventRules events = new EventRules(out);

  /**
   * @param rulesOf the rules of a facility, asked once per facility on its first input; never
   *     returns null
   */
  public RuleEngine(Function<String, FacilityRules> rulesOf) {
    this.rulesOf = Objects.requireNonNull(rulesOf, "rulesOf");
  }

  /** An engine with the same rules for every facility. */
  public static RuleEngine withRules(FacilityRules rules) {
    Objects.requireNonNull(rules, "rules");
    return new RuleEngine(facility -> rules);
  }

  /**
   * Replaces a facility's rules from now on. Timers already queued keep their due time; lazily
   * checked ones (device silent, gateway offline, inactivity) use the new rules when they come up.
   */
  public void reconfigure(String facility, FacilityRules rules) {
    facility(facility).rules = Objects.requireNonNull(rules, "rules");
  }

  /** Evaluates one observation at {@code now}; returns the triggers and clears it causes. */
  public List<RuleAction> onObservation(Observation o, Instant now) {
    out.begin(now);
    FacilityState f = facility(o.facility());
    DeviceState d = f.device(o.device());
    Event e = o.event();
    SeqWindow.Arrival arrival = d.seqs.accept(e.seq());
    if (arrival == SeqWindow.Arrival.DUPLICATE) {
      return out.end();
    }
    d.resident = o.resident();
    d.room = o.room();
    long received = o.receivedAt().toEpochMilli();
    // Device clocks may run ahead: never date an event after its receipt.
    long eventAt = e.ts() != null && e.ts() < received ? e.ts() : received;
    long age = out.nowMillis - eventAt;
    boolean late = arrival == SeqWindow.Arrival.LATE;
    long delayed = late ? Math.max(age, 1) : age > f.rules.lateAfter().toMillis() ? age : 0;

    timers.heard(d, out.nowMillis);
    events.evaluate(f, d, e, eventAt, delayed, late);
    if (d.newestState(e)) {
      timers.onStateEvent(f, d, e, eventAt);
    }
    if (d.resident != null && f.rules.carePlan(d.resident).livesAlone()) {
      timers.watchResident(f, f.resident(d.resident), e.type(), eventAt);
    }
    return out.end();
  }

  /** Evaluates one gateway status at {@code now}. */
  public List<RuleAction> onGatewayStatus(GatewayStatus s, Instant now) {
    out.begin(now);
    FacilityState f = facility(s.facility());
    GatewayState g = f.gateway(s.gateway());
    timers.gatewayStatus(f, g, s.state() == GatewayStatus.State.ONLINE, s.at().toEpochMilli());
    return out.end();
  }

  /** Fires every timer rule due at or before {@code now}, each exactly once. */
  public List<RuleAction> tick(Instant now) {
    out.begin(now);
    Timer t;
    while ((t = queue.pollDue(out.nowMillis)) != null) {
      timers.due(t);
    }
    return out.end();
  }

  /** Queue entries, stale ones included; for tests and metrics. */
  int queuedTimers() {
    return queue.size();
  }

  private FacilityState facility(String id) {
    FacilityState f = facilities.get(id);
    if (f == null) {
      f = new FacilityState(id, Objects.requireNonNull(rulesOf.apply(id), "rules of " + id));
      facilities.put(id, f);
    }
    return f;
  }
}
