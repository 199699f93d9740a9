package anxin.alerting.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.Alert;
import anxin.alerting.AlertEvent;
import anxin.alerting.Changes;
import anxin.alerting.DeviceCommand;
import anxin.alerting.NotificationIntent;
import anxin.alerting.NotificationIntent.MessageKind;
import anxin.alerting.NotificationIntent.RecipientKind;
import anxin.alerting.RuleAction;
import anxin.alerting.RuleAction.Clear;
import anxin.alerting.RuleAction.Outcome;
import anxin.alerting.RuleAction.Trigger;
import anxin.alerting.RuleId;
import anxin.alerting.StaffActionResult;
import anxin.alerting.StaffActionResult.Applied;
import anxin.alerting.TimelineEntry;
import anxin.alerting.escalation.Escalator;
import anxin.alerting.escalation.FacilityEscalation;
import anxin.alerting.escalation.FakeDirectory;
import anxin.alerting.escalation.FamilyContact;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link AlertDesk} over random sequences of triggers, clears, acknowledgements,
 * resolutions (valid and not) and ticks, at random times of day (so night shifts, quiet hours and
 * the SMS night all occur), with random family contacts.
 *
 * <p>Each property runs a fixed number of tries on inputs drawn from a {@link Random} seeded per
 * run. The seed is printed; a failure names it and the try; {@code -Danxin.properties.seed=<seed>}
 * replays the same inputs.
 */
class AlertDeskPropertiesTest {

  private static final long SEED =
      Long.getLong("anxin.properties.seed", new SecureRandom().nextLong());

  private static final RuleId[] RULES = {
    RuleId.PANIC,
    RuleId.FALL,
    RuleId.TAMPER,
    RuleId.NIGHT_EXIT,
    RuleId.BATTERY_LOW,
    RuleId.DEVICE_SILENT,
    RuleId.INACTIVITY
  };
  private static final String[] DEVICES = {"d1", "d2", "d3"};
  private static final String[] RESIDENTS = {"res-12", "res-12", "res-7"};
  private static final String[] ROOMS = {"r-101", "r-201", null};
  private static final String[] OUTCOMES = {
    "assisted", "false_alarm", "other", "transferred_to_hospital", null, "", "fixed"
  };

  private sealed interface Op permits Fire, End, Ack, Resolve, Tick {
    /** Milliseconds the clock moves before this step. */
    long gap();
  }

  private record Fire(int rule, int device, long gap) implements Op {}

  private record End(int rule, int device, boolean cancelled, long gap) implements Op {}

  private record Ack(int alert, long gap) implements Op {}

  private record Resolve(int alert, String outcome, long gap) implements Op {}

  private record Tick(long gap) implements Op {}

  private record Run(long start, boolean p3Sms, List<Boolean> familyWants, List<Op> ops) {}

  @BeforeAll
  static void printSeed() {
    System.out.println("AlertDeskPropertiesTest seed: " + SEED);
  }

  @Test
  void anySequence_neverTwoActiveAlertsForOneKey() {
    forAll(
        "one active alert per key",
        200,
        run -> {
          Replay r = replay(run);
          assertThat(r.maxActivePerKey).isLessThanOrEqualTo(1);
        });
  }

  @Test
  void anySequence_everyDedupKeyIsEmittedAtMostOnce() {
    forAll(
        "dedup keys unique",
        200,
        run -> {
          Replay r = replay(run);
          Set<String> keys = new HashSet<>();
          for (NotificationIntent i : r.intents) {
            assertThat(keys.add(i.dedupKey())).as("emitted twice: %s", i.dedupKey()).isTrue();
          }
          for (DeviceCommand c : r.commands) {
            assertThat(keys.add(c.dedupKey())).as("emitted twice: %s", c.dedupKey()).isTrue();
          }
        });
  }

  @Test
  void anySequence_afterAcknowledgementOrResolution_onlyReassureAndResolutionMessages() {
    forAll(
        "quiet after acknowledgement",
        200,
        run -> {
          Replay r = replay(run);
          assertThat(r.lateIntents).as("intents after acknowledgement or resolution").isEmpty();
          for (DeviceCommand c : r.commands) {
            assertThat(r.acknowledgedWhenCommanded).contains(c.alertId());
          }
        });
  }

  @Test
  void anySequence_resolutionTellsExactlyTheFamilyWhoWereToldAndWantIt() {
    forAll(
        "resolution to the told",
        200,
        run -> {
          Replay r = replay(run);
          Map<String, Set<String>> resolvedTo = new HashMap<>();
          for (NotificationIntent i : r.intents) {
            if (i.kind() == MessageKind.RESOLVED_FAMILY) {
              resolvedTo.computeIfAbsent(i.alertId(), k -> new HashSet<>()).add(i.recipient().id());
            }
          }
          for (Map.Entry<String, Set<String>> e : r.toldAtResolution.entrySet()) {
            Set<String> expected = new HashSet<>();
            for (String contact : e.getValue()) {
              if (run.familyWants().get(contact.equals("fam-1") ? 0 : 1)) {
                expected.add(contact);
              }
            }
            assertThat(resolvedTo.getOrDefault(e.getKey(), Set.of()))
                .as("resolution messages of %s", e.getKey())
                .isEqualTo(expected);
          }
          assertThat(r.toldAtResolution.keySet()).containsAll(resolvedTo.keySet());
        });
  }

  @Test
  void anySequence_timelineRecordsEveryIntentAndCommand() {
    forAll(
        "timeline complete",
        100,
        run -> {
          Replay r = replay(run);
          Map<String, Integer> perAlert = new HashMap<>();
          r.intents.forEach(i -> perAlert.merge(i.alertId(), 1, Integer::sum));
          r.commands.forEach(c -> perAlert.merge(c.alertId(), 1, Integer::sum));
          for (Alert a : r.alerts) {
            List<TimelineEntry> entries = r.desk.book().timeline(a.id()).orElseThrow().entries();
            long recorded =
                entries.stream()
                    .filter(
                        e ->
                            e instanceof TimelineEntry.NotificationIntended
                                || e instanceof TimelineEntry.CommandIntended)
                    .count();
            assertThat(recorded).isEqualTo(perAlert.getOrDefault(a.id(), 0).longValue());
            assertThat(entries.get(0)).isInstanceOf(TimelineEntry.Opened.class);
          }
        });
  }

  /** What a run produced, and the observations the properties check. */
  private static final class Replay {
    AlertDesk desk;
    final List<NotificationIntent> intents = new ArrayList<>();
    final List<DeviceCommand> commands = new ArrayList<>();
    final List<Alert> alerts = new ArrayList<>();
    final List<String> lateIntents = new ArrayList<>();
    final Set<String> acknowledgedWhenCommanded = new HashSet<>();
    final Map<String, Set<String>> toldAtResolution = new HashMap<>();
    int maxActivePerKey;
  }

  private static Replay replay(Run run) {
    FakeDirectory directory = new FakeDirectory();
    directory.family.put(
        "res-12",
        List.of(
            new FamilyContact(
                "fam-1", "res-12", "+8613800000001", null, null, run.familyWants().get(0)),
            new FamilyContact(
                "fam-2", "res-12", "+447700900002", "en", null, run.familyWants().get(1))));
    if (run.p3Sms()) {
      directory.escalation =
          FacilityEscalation.parse(Map.of("p3.step.1", "0s; on_duty_staff; console,sms"));
    }
    Replay r = new Replay();
    r.desk = new AlertDesk(new AlertBook(new SequentialIds()), new Escalator(directory));
    Set<String> stopped = new HashSet<>();
    Set<String> acknowledged = new HashSet<>();
    Map<String, Set<String>> told = new HashMap<>();
    long now = run.start();
    for (Op op : run.ops()) {
      now += op.gap();
      Instant at = Instant.ofEpochMilli(now);
      Changes c;
      if (op instanceof Fire f) {
        c = r.desk.apply(trigger(f.rule(), f.device(), at), at);
      } else if (op instanceof End e) {
        RuleId rule = RULES[e.rule()];
        Outcome o = e.cancelled() ? Outcome.CANCELLED_BY_RESIDENT : Outcome.AUTO_CLEARED;
        String device = rule.aboutResident() ? null : DEVICES[e.device()];
        c = r.desk.apply(new Clear(rule, "fuyuan", device, RESIDENTS[e.device()], o, at), at);
      } else if (op instanceof Ack a) {
        c = changes(r.desk.acknowledge(pick(r, a.alert()), "st-" + a.alert(), at));
      } else if (op instanceof Resolve s) {
        c = changes(r.desk.resolve(pick(r, s.alert()), "st-1", s.outcome(), null, at));
      } else {
        c = r.desk.tick(at);
      }
      observe(r, c, stopped, acknowledged, told);
    }
    // Long enough for every held message to leave (quiet hours and nights are at most 9 h).
    Instant end = Instant.ofEpochMilli(now).plus(Duration.ofHours(10));
    observe(r, r.desk.tick(end), stopped, acknowledged, told);
    return r;
  }

  private static void observe(
      Replay r,
      Changes c,
      Set<String> stopped,
      Set<String> acknowledged,
      Map<String, Set<String>> told) {
    for (NotificationIntent i : c.intents()) {
      if (stopped.contains(i.alertId()) && i.kind() != MessageKind.RESOLVED_FAMILY) {
        r.lateIntents.add(i.dedupKey());
      }
      if (i.recipient().kind() == RecipientKind.FAMILY && i.kind() != MessageKind.RESOLVED_FAMILY) {
        told.computeIfAbsent(i.alertId(), k -> new HashSet<>()).add(i.recipient().id());
      }
    }
    for (DeviceCommand cmd : c.commands()) {
      if (acknowledged.contains(cmd.alertId()) || isAcknowledgedIn(c, cmd.alertId())) {
        r.acknowledgedWhenCommanded.add(cmd.alertId());
      }
    }
    r.intents.addAll(c.intents());
    r.commands.addAll(c.commands());
    for (AlertEvent e : c.events()) {
      String id = e.alert().id();
      switch (e.kind()) {
        case OPENED -> r.alerts.add(e.alert());
        case ACKNOWLEDGED -> {
          stopped.add(id);
          acknowledged.add(id);
        }
        case RESOLVED -> {
          stopped.add(id);
          r.toldAtResolution.put(id, new HashSet<>(told.getOrDefault(id, Set.of())));
        }
        default -> {}
      }
    }
    Map<String, Integer> perKey = new HashMap<>();
    for (Alert a : r.desk.book().active()) {
      int n = perKey.merge(a.facility() + "/" + a.rule() + "/" + a.subject(), 1, Integer::sum);
      r.maxActivePerKey = Math.max(r.maxActivePerKey, n);
    }
  }

  private static boolean isAcknowledgedIn(Changes c, String alertId) {
    return c.events().stream()
        .anyMatch(e -> e.kind() == AlertEvent.Kind.ACKNOWLEDGED && e.alert().id().equals(alertId));
  }

  private static Changes changes(StaffActionResult result) {
    return result instanceof Applied a ? a.changes() : Changes.NONE;
  }

  /** An alert id known to the book (or one that is not, now and then). */
  private static String pick(Replay r, int n) {
    return r.alerts.isEmpty() || n % 11 == 10 ? "A999" : r.alerts.get(n % r.alerts.size()).id();
  }

  private static RuleAction trigger(int ruleIdx, int d, Instant at) {
    RuleId rule = RULES[ruleIdx];
    return new Trigger(
        rule,
        rule.severity(),
        "fuyuan",
        rule.aboutResident() ? null : DEVICES[d],
        RESIDENTS[d],
        ROOMS[d],
        at,
        at,
        Duration.ZERO,
        null,
        null);
  }

  private static Run anyRun(Random r) {
    long start = Instant.parse("2026-03-10T00:00:00Z").toEpochMilli() + r.nextInt(86_400_000);
    List<Op> ops = new ArrayList<>();
    int n = 10 + r.nextInt(120);
    for (int i = 0; i < n; i++) {
      long gap = anyGap(r);
      int kind = r.nextInt(20);
      int rule = r.nextInt(RULES.length);
      int device = r.nextInt(DEVICES.length);
      if (kind < 5) {
        ops.add(new Fire(rule, device, gap));
      } else if (kind < 7) {
        ops.add(new End(rule, device, r.nextBoolean(), gap));
      } else if (kind < 9) {
        ops.add(new Ack(r.nextInt(1000), gap));
      } else if (kind < 11) {
        ops.add(new Resolve(r.nextInt(1000), OUTCOMES[r.nextInt(OUTCOMES.length)], gap));
      } else {
        ops.add(new Tick(gap));
      }
    }
    return new Run(start, r.nextInt(3) == 0, List.of(r.nextBoolean(), r.nextBoolean()), ops);
  }

  private static long anyGap(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> 0;
      case 1 -> r.nextInt(1_000);
      case 2 -> r.nextInt(240_000);
      default -> r.nextInt(3_600_000);
    };
  }

  private static void forAll(String property, int tries, Consumer<Run> check) {
    Random random = new Random(SEED ^ property.hashCode());
    Function<Run, String> show = run -> run.toString().replace("), ", "),\n  ");
    for (int i = 1; i <= tries; i++) {
      Run input = anyRun(random);
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
