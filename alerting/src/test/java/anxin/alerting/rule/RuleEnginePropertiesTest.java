package anxin.alerting.rule;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.FacilityRules;
import anxin.alerting.GatewayStatus;
import anxin.alerting.Observation;
import anxin.alerting.RuleAction;
import anxin.alerting.RuleAction.Clear;
import anxin.alerting.RuleAction.Trigger;
import anxin.alerting.RuleId;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Limits;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link RuleEngine} over random event streams for several devices, delivered with
 * local reordering and duplicates, interleaved with ticks and gateway statuses.
 *
 * <p>Each property runs a fixed number of tries on inputs drawn from a {@link Random} seeded per
 * run. A failure names the seed and the try; {@code -Danxin.properties.seed=<seed>} replays the
 * same inputs.
 */
class RuleEnginePropertiesTest {

  private static final long SEED =
      Long.getLong("anxin.properties.seed", new SecureRandom().nextLong());

  private static final String FACILITY = "fuyuan";
  private static final String[] DEVICES = {"r1-door", "r1-bed", "r2-pir", "r2-fall", "main-door"};
  private static final String[] RESIDENT = {"res-1", "res-1", "res-2", "res-2", null};
  private static final EventType[] TYPES = EventType.values();

  private static final Set<RuleId> ONE_SHOT_TIMERS =
      EnumSet.of(
          RuleId.DOOR_LEFT_OPEN,
          RuleId.NIGHT_EXIT,
          RuleId.NOT_BACK_IN_BED,
          RuleId.INACTIVITY,
          RuleId.DEVICE_SILENT,
          RuleId.GATEWAY_OFFLINE);

  private static final FacilityRules RULES =
      FacilityRules.parse(
          Map.of(
              "resident.res-1.care", "wandering_risk",
              "resident.res-2.care", "lives_alone",
              "device.r2-pir.heartbeat", "1min"));

  /** One input to the engine, in delivery order. */
  private sealed interface Input permits Deliver, Tick, Gateway {}

  private record Deliver(Event event, long atMillis) implements Input {}

  private record Tick(long atMillis) implements Input {}

  private record Gateway(boolean online, long atMillis) implements Input {}

  @Test
  void anyStream_oneShotTimerRules_neverTriggerTwiceWithoutAClearOrNewCondition() {
    forAll(
        "one-shot timers",
        300,
        RuleEnginePropertiesTest::anyStream,
        RuleEnginePropertiesTest::show,
        inputs -> {
          Set<String> fired = new HashSet<>();
          for (Object step : replay(inputs)) {
            if (step instanceof Deliver d) {
              // Only a new condition lets a door or bed timer fire again; silence, inactivity
              // and gateway outages end only with a clear.
              String dev = d.event().dev();
              if (d.event().type() == EventType.DOOR_OPEN) {
                fired.remove(RuleId.DOOR_LEFT_OPEN + "/" + dev);
                fired.remove(RuleId.NIGHT_EXIT + "/" + dev);
              } else if (d.event().type() == EventType.BED_EXIT) {
                fired.remove(RuleId.NOT_BACK_IN_BED + "/" + dev);
              }
            } else if (step instanceof Clear c) {
              fired.remove(c.rule() + "/" + c.subject());
            } else if (step instanceof Trigger t && ONE_SHOT_TIMERS.contains(t.rule())) {
              String key = t.rule() + "/" + t.subject();
              assertThat(fired.add(key))
                  .as("second trigger of %s without a clear or new condition between", key)
                  .isTrue();
            }
          }
        });
  }

  @Test
  void anyStream_everyPanicAndFall_triggersExactlyOnceDespiteReorderAndDuplicates() {
    forAll(
        "alarms exactly once",
        300,
        RuleEnginePropertiesTest::anyStream,
        RuleEnginePropertiesTest::show,
        inputs -> {
          Set<String> alarms = new HashSet<>();
          for (Input i : inputs) {
            if (i instanceof Deliver d && d.event().type().isAlarm()) {
              alarms.add(d.event().dev() + "#" + d.event().seq());
            }
          }
          Map<String, Integer> triggered = new HashMap<>();
          for (Object step : replay(inputs)) {
            if (step instanceof Trigger t
                && (t.rule() == RuleId.PANIC || t.rule() == RuleId.FALL)) {
              triggered.merge(t.device() + "#" + t.seq(), 1, Integer::sum);
            }
          }
          assertThat(triggered.keySet()).isEqualTo(alarms);
          assertThat(triggered.values()).allMatch(n -> n == 1);
        });
  }

  @Test
  void anyStream_replayedTwice_givesTheSameActions() {
    forAll(
        "deterministic",
        100,
        RuleEnginePropertiesTest::anyStream,
        RuleEnginePropertiesTest::show,
        inputs -> assertThat(replay(inputs)).isEqualTo(replay(inputs)));
  }

  /** Runs the inputs on a fresh engine; returns inputs and the actions each gave, in order. */
  private static List<Object> replay(List<Input> inputs) {
    RuleEngine engine = RuleEngine.withRules(RULES);
    Map<String, String> residentOf = new HashMap<>();
    for (int i = 0; i < DEVICES.length; i++) {
      residentOf.put(DEVICES[i], RESIDENT[i]);
    }
    List<Object> log = new ArrayList<>();
    for (Input in : inputs) {
      log.add(in);
      List<RuleAction> actions;
      if (in instanceof Deliver d) {
        Instant now = Instant.ofEpochMilli(d.atMillis());
        String resident = residentOf.get(d.event().dev());
        actions =
            engine.onObservation(
                new Observation(d.event(), FACILITY, d.event().dev(), null, null, resident, now),
                now);
      } else if (in instanceof Gateway g) {
        Instant now = Instant.ofEpochMilli(g.atMillis());
        GatewayStatus.State state =
            g.online() ? GatewayStatus.State.ONLINE : GatewayStatus.State.OFFLINE;
        actions = engine.onGatewayStatus(new GatewayStatus(FACILITY, "gw-1", state, now), now);
      } else {
        actions = engine.tick(Instant.ofEpochMilli(((Tick) in).atMillis()));
      }
      log.addAll(actions);
    }
    return log;
  }

  /**
   * A stream of 50..400 steps over a few simulated days: events of random types from each device
   * (seq starting anywhere, sometimes just before the 2^32 wrap; device clock sometimes absent),
   * held back a few steps (reordered) or delivered again (duplicated), ticks and gateway statuses
   * in between, the clock moving by milliseconds to an hour.
   */
  private static List<Input> anyStream(Random r) {
    long now = Instant.parse("2026-03-10T00:00:00Z").toEpochMilli() + r.nextInt(86_400_000);
    long[] seq = new long[DEVICES.length];
    for (int i = 0; i < seq.length; i++) {
      seq[i] = r.nextBoolean() ? Limits.MAX_SEQ - r.nextInt(20) : r.nextInt(1_000_000);
    }
    List<Input> out = new ArrayList<>();
    List<Event> sent = new ArrayList<>();
    List<Event> held = new ArrayList<>();
    int steps = 50 + r.nextInt(350);
    for (int s = 0; s < steps; s++) {
      now += gap(r);
      int kind = r.nextInt(20);
      if (kind < 12) {
        int d = r.nextInt(DEVICES.length);
        Event e = Event.of(DEVICES[d], seq[d], TYPES[r.nextInt(TYPES.length)]);
        seq[d] = Event.nextSeq(seq[d]);
        if (r.nextBoolean()) {
          e = e.withTs(now - r.nextInt(2_000));
        }
        if (e.type().name().startsWith("DOOR")) {
          e = e.withData(Map.of(Event.DATA_DOOR, r.nextBoolean() ? "main" : "balcony"));
        }
        if (r.nextInt(5) == 0) {
          e = e.withBat(r.nextInt(101));
        }
        if (r.nextInt(6) == 0) {
          held.add(e);
        } else {
          out.add(new Deliver(e, now));
          sent.add(e);
        }
      } else if (kind < 14 && !held.isEmpty()) {
        Event e = held.remove(r.nextInt(held.size()));
        out.add(new Deliver(e, now));
        sent.add(e);
      } else if (kind < 16 && !sent.isEmpty()) {
        Event again = sent.get(Math.max(0, sent.size() - 1 - r.nextInt(10)));
        out.add(new Deliver(again, now));
      } else if (kind < 17) {
        out.add(new Gateway(r.nextInt(4) != 0, now));
      } else {
        out.add(new Tick(now));
      }
    }
    for (Event e : held) {
      out.add(new Deliver(e, now));
    }
    out.add(new Tick(now + 86_400_000L));
    return out;
  }

  private static long gap(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> r.nextInt(1_000);
      case 1 -> r.nextInt(120_000);
      case 2 -> r.nextInt(1_200_000);
      default -> r.nextInt(3_600_000);
    };
  }

  private static String show(List<Input> inputs) {
    StringBuilder b = new StringBuilder();
    for (Input i : inputs) {
      b.append("\n  ").append(i);
    }
    return b.toString();
  }

  private static <T> void forAll(
      String property,
      int tries,
      Function<Random, T> generator,
      Function<T, String> show,
      Consumer<T> check) {
    Random random = new Random(SEED ^ property.hashCode());
    for (int i = 1; i <= tries; i++) {
      T input = generator.apply(random);
      try {
        check.accept(input);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            String.format(
                "property \"%s\" failed on try %d of %d (replay: -Danxin.properties.seed=%d)%n"
                    + "input: %s",
                property, i, tries, SEED, show.apply(input)),
            e);
      }
    }
  }
}
