package anxin.alerting.rule;

import anxin.alerting.FacilityRules;
import anxin.alerting.GatewayStatus;
import anxin.alerting.Observation;
import anxin.alerting.RuleAction;
import anxin.alerting.RuleAction.Clear;
import anxin.alerting.RuleAction.Trigger;
import anxin.alerting.RuleId;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One facility's engine on a {@link FakeClock}: sends events with the next {@code seq} of their
 * device, received now, and records every action.
 */
final class RuleHarness {

  static final String FACILITY = "fuyuan";

  final FakeClock clock;
  final RuleEngine engine;
  final List<RuleAction> recorded = new ArrayList<>();
  private final Map<String, Long> nextSeq = new HashMap<>();
  private final Map<String, String> residentOf = new HashMap<>();

  RuleHarness(FacilityRules rules, Instant start) {
    this.clock = new FakeClock(start);
    this.engine = RuleEngine.withRules(rules);
  }

  /** Assigns a device to a resident (room {@code r-<resident>}). */
  RuleHarness device(String device, String resident) {
    residentOf.put(device, resident);
    return this;
  }

  List<RuleAction> send(String device, EventType type) {
    return send(Event.of(device, takeSeq(device), type));
  }

  List<RuleAction> door(String device, EventType type, String door) {
    return send(Event.of(device, takeSeq(device), type).withData(Map.of(Event.DATA_DOOR, door)));
  }

  long takeSeq(String device) {
    long seq = nextSeq.getOrDefault(device, 100L);
    nextSeq.put(device, Event.nextSeq(seq));
    return seq;
  }

  /** Sends a ready-made event as received now. */
  List<RuleAction> send(Event e) {
    String resident = residentOf.get(e.dev());
    Observation o =
        new Observation(
            e,
            FACILITY,
            e.dev(),
            "sensor",
            resident == null ? null : "r-" + resident,
            resident,
            clock.now());
    return record(engine.onObservation(o, clock.now()));
  }

  List<RuleAction> gateway(String gateway, GatewayStatus.State state) {
    return record(
        engine.onGatewayStatus(
            new GatewayStatus(FACILITY, gateway, state, clock.now()), clock.now()));
  }

  List<RuleAction> tick() {
    return record(engine.tick(clock.now()));
  }

  /** Advances and ticks. */
  List<RuleAction> after(Duration d) {
    clock.advance(d);
    return tick();
  }

  /** Advances in 250 ms ticks (the platform's cadence) up to {@code d}, collecting actions. */
  List<RuleAction> tickThrough(Duration d) {
    List<RuleAction> all = new ArrayList<>();
    long end = clock.millis() + d.toMillis();
    while (clock.millis() < end) {
      clock.advanceMillis(Math.min(250, end - clock.millis()));
      all.addAll(tick());
    }
    return all;
  }

  private List<RuleAction> record(List<RuleAction> actions) {
    recorded.addAll(actions);
    return actions;
  }

  static List<Trigger> triggers(List<RuleAction> actions, RuleId rule) {
    List<Trigger> out = new ArrayList<>();
    for (RuleAction a : actions) {
      if (a instanceof Trigger t && t.rule() == rule) {
        out.add(t);
      }
    }
    return out;
  }

  static List<Clear> clears(List<RuleAction> actions, RuleId rule) {
    List<Clear> out = new ArrayList<>();
    for (RuleAction a : actions) {
      if (a instanceof Clear c && c.rule() == rule) {
        out.add(c);
      }
    }
    return out;
  }
}
