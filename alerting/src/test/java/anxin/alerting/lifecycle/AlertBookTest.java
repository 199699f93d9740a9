package anxin.alerting.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.Alert;
import anxin.alerting.AlertEvent;
import anxin.alerting.AlertEvent.Kind;
import anxin.alerting.AlertOutcome;
import anxin.alerting.AlertState;
import anxin.alerting.RuleAction;
import anxin.alerting.RuleAction.Clear;
import anxin.alerting.RuleAction.Outcome;
import anxin.alerting.RuleAction.Trigger;
import anxin.alerting.RuleId;
import anxin.alerting.StaffActionResult;
import anxin.alerting.StaffActionResult.Applied;
import anxin.alerting.StaffActionResult.Reason;
import anxin.alerting.StaffActionResult.Rejected;
import anxin.alerting.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AlertBookTest {

  private static final Instant T0 = Instant.parse("2026-03-10T02:00:00Z");

  private final AlertBook book = new AlertBook(new SequentialIds());

  static Trigger trigger(RuleId rule, String device, Instant at, String note) {
    return new Trigger(
        rule,
        rule.severity(),
        "fuyuan",
        device,
        "res-12",
        "r-101",
        at,
        at,
        Duration.ZERO,
        note,
        7L);
  }

  static Clear clear(RuleId rule, String device, Outcome outcome, Instant at) {
    return new Clear(rule, "fuyuan", device, "res-12", outcome, at);
  }

  @Test
  void trigger_noActiveAlert_opensOne() {
    List<AlertEvent> events = book.apply(trigger(RuleId.PANIC, "pb-1", T0, null), T0);

    assertThat(events).extracting(AlertEvent::kind).containsExactly(Kind.OPENED);
    Alert a = events.get(0).alert();
    assertThat(a.id()).isEqualTo("A1");
    assertThat(a.state()).isEqualTo(AlertState.OPEN);
    assertThat(a.subject()).isEqualTo("pb-1");
    assertThat(a.count()).isEqualTo(1);
    assertThat(a.openedAt()).isEqualTo(T0);
    assertThat(a.outcome()).isNull();
    assertThat(book.timeline("A1").orElseThrow().entries())
        .singleElement()
        .isInstanceOf(TimelineEntry.Opened.class)
        .extracting(TimelineEntry::actor)
        .isEqualTo("rule:panic");
  }

  @Test
  void retrigger_activeAlert_mergesCountLastSeenAndNotes() {
    book.apply(trigger(RuleId.FALL, "fall-1", T0, null), T0);
    Instant t1 = T0.plusSeconds(5);
    Instant late = T0.minusSeconds(60);

    book.apply(trigger(RuleId.FALL, "fall-1", t1, "2nd fall within 24 h"), t1);
    List<AlertEvent> events = book.apply(trigger(RuleId.FALL, "fall-1", late, null), t1);

    assertThat(events).extracting(AlertEvent::kind).containsExactly(Kind.UPDATED);
    Alert a = events.get(0).alert();
    assertThat(a.id()).isEqualTo("A1");
    assertThat(a.count()).isEqualTo(3);
    assertThat(a.firstSeen()).isEqualTo(T0);
    assertThat(a.lastSeen()).isEqualTo(t1);
    assertThat(a.notes()).containsExactly("2nd fall within 24 h");
    assertThat(book.size()).isEqualTo(1);
    assertThat(book.timeline("A1").orElseThrow().entries(TimelineEntry.Retriggered.class))
        .extracting(TimelineEntry.Retriggered::count)
        .containsExactly(2, 3);
  }

  @ParameterizedTest(name = "{0}/{1} beside panic/pb-1 -> new alert")
  @CsvSource({"PANIC, pb-2", "FALL, pb-1", "TAMPER, pb-1"})
  void trigger_otherRuleOrSubject_opensAnotherAlert(RuleId rule, String device) {
    book.apply(trigger(RuleId.PANIC, "pb-1", T0, null), T0);

    List<AlertEvent> events = book.apply(trigger(rule, device, T0, null), T0);

    assertThat(events)
        .extracting(e -> e.kind() + " " + e.alert().id())
        .containsExactly("OPENED A2");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "CANCELLED_BY_RESIDENT, CANCELLED_BY_RESIDENT",
    "AUTO_CLEARED, AUTO_CLEARED",
  })
  void clear_activeAlert_resolvesWithItsOutcome(Outcome cleared, AlertOutcome expected) {
    book.apply(trigger(RuleId.FALL, "fall-1", T0, null), T0);
    Instant t1 = T0.plusSeconds(10);

    List<AlertEvent> events = book.apply(clear(RuleId.FALL, "fall-1", cleared, t1), t1);

    assertThat(events).extracting(AlertEvent::kind).containsExactly(Kind.RESOLVED);
    Alert a = events.get(0).alert();
    assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(a.outcome()).isEqualTo(expected);
    assertThat(a.resolvedBy()).isEqualTo("rule:fall");
    assertThat(a.resolvedAt()).isEqualTo(t1);
    assertThat(book.timeline("A1").orElseThrow().entries())
        .last()
        .isEqualTo(new TimelineEntry.ClearedByRule(t1, "rule:fall", expected));
    assertThat(book.active()).isEmpty();
  }

  @Test
  void clear_acknowledgedAlert_resolvesItToo() {
    book.apply(trigger(RuleId.DOOR_LEFT_OPEN, "door-1", T0, null), T0);
    book.acknowledge("A1", "st-7", T0.plusSeconds(1));

    List<AlertEvent> events =
        book.apply(clear(RuleId.DOOR_LEFT_OPEN, "door-1", Outcome.AUTO_CLEARED, T0), T0);

    assertThat(events.get(0).alert().outcome()).isEqualTo(AlertOutcome.AUTO_CLEARED);
  }

  @Test
  void clear_noActiveAlert_isIgnored() {
    assertThat(book.apply(clear(RuleId.FALL, "fall-1", Outcome.CANCELLED_BY_RESIDENT, T0), T0))
        .isEmpty();
    assertThat(book.size()).isZero();
  }

  @Test
  void trigger_afterResolution_opensANewAlert() {
    book.apply(trigger(RuleId.PANIC, "pb-1", T0, null), T0);
    book.resolve("A1", "st-7", "assisted", null, T0.plusSeconds(60));

    List<AlertEvent> events = book.apply(trigger(RuleId.PANIC, "pb-1", T0, null), T0);

    assertThat(events)
        .extracting(e -> e.kind() + " " + e.alert().id())
        .containsExactly("OPENED A2");
    assertThat(book.alert("A1").orElseThrow().state()).isEqualTo(AlertState.RESOLVED);
    assertThat(book.active("fuyuan", RuleId.PANIC, "pb-1").orElseThrow().id()).isEqualTo("A2");
  }

  @Test
  void acknowledge_twice_secondIsANoOpAndKeepsTheFirstActor() {
    book.apply(trigger(RuleId.PANIC, "pb-1", T0, null), T0);

    StaffActionResult first = book.acknowledge("A1", "st-7", T0.plusSeconds(20));
    StaffActionResult second = book.acknowledge("A1", "st-9", T0.plusSeconds(30));

    assertThat(first).isInstanceOfSatisfying(Applied.class, a -> assertThat(a.noop()).isFalse());
    assertThat(((Applied) first).changes().events())
        .extracting(AlertEvent::kind)
        .containsExactly(Kind.ACKNOWLEDGED);
    assertThat(second).isInstanceOfSatisfying(Applied.class, a -> assertThat(a.noop()).isTrue());
    Alert a = book.alert("A1").orElseThrow();
    assertThat(a.acknowledgedBy()).isEqualTo("st-7");
    assertThat(a.acknowledgedAt()).isEqualTo(T0.plusSeconds(20));
    assertThat(book.timeline("A1").orElseThrow().entries(TimelineEntry.Acknowledged.class))
        .containsExactly(new TimelineEntry.Acknowledged(T0.plusSeconds(20), "st-7"));
  }

  @Test
  void acknowledge_resolvedAlert_isANoOp() {
    book.apply(trigger(RuleId.PANIC, "pb-1", T0, null), T0);
    book.resolve("A1", "st-7", "false_alarm", null, T0);

    StaffActionResult r = book.acknowledge("A1", "st-7", T0);

    assertThat(r).isInstanceOfSatisfying(Applied.class, a -> assertThat(a.noop()).isTrue());
    assertThat(book.alert("A1").orElseThrow().state()).isEqualTo(AlertState.RESOLVED);
  }

  @Test
  void acknowledge_unknownAlert_isRejected() {
    assertThat(book.acknowledge("A404", "st-7", T0))
        .isEqualTo(new Rejected(Reason.UNKNOWN_ALERT, "no alert with id \"A404\""));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  "})
  void resolve_withoutOutcome_isRejectedAndChangesNothing(String outcome) {
    book.apply(trigger(RuleId.PANIC, "pb-1", T0, null), T0);

    StaffActionResult r = book.resolve("A1", "st-7", outcome, "ok", T0);

    assertThat(r)
        .isInstanceOfSatisfying(
            Rejected.class,
            x -> {
              assertThat(x.reason()).isEqualTo(Reason.OUTCOME_MISSING);
              assertThat(x.reason().status()).isEqualTo(400);
              assertThat(x.detail()).contains("assisted").contains("transferred_to_hospital");
            });
    assertThat(book.alert("A1").orElseThrow().state()).isEqualTo(AlertState.OPEN);
    assertThat(book.timeline("A1").orElseThrow().entries()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fixed", "ASSISTED", "false-alarm", " assisted"})
  void resolve_unknownOutcome_isRejectedNamingIt(String outcome) {
    book.apply(trigger(RuleId.PANIC, "pb-1", T0, null), T0);

    StaffActionResult r = book.resolve("A1", "st-7", outcome, null, T0);

    assertThat(r)
        .isInstanceOfSatisfying(
            Rejected.class,
            x -> {
              assertThat(x.reason()).isEqualTo(Reason.UNKNOWN_OUTCOME);
              assertThat(x.detail()).startsWith("unknown outcome \"" + outcome + "\"");
            });
    assertThat(book.alert("A1").orElseThrow().isActive()).isTrue();
  }

  @Test
  void resolve_withOutcome_resolvesRecordingWhoOutcomeAndNote() {
    book.apply(trigger(RuleId.PANIC, "pb-1", T0, null), T0);
    Instant t1 = T0.plusSeconds(300);

    StaffActionResult r = book.resolve("A1", "st-7", "transferred_to_hospital", "ambulance", t1);

    Alert a = ((Applied) r).alert();
    assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(a.outcome()).isEqualTo(AlertOutcome.TRANSFERRED_TO_HOSPITAL);
    assertThat(a.resolvedBy()).isEqualTo("st-7");
    assertThat(a.resolutionNote()).isEqualTo("ambulance");
    assertThat(book.timeline("A1").orElseThrow().entries())
        .last()
        .isEqualTo(
            new TimelineEntry.Resolved(
                t1, "st-7", AlertOutcome.TRANSFERRED_TO_HOSPITAL, "ambulance"));
  }

  @Test
  void resolve_again_sameOutcomeIsANoOp_otherOutcomeIsRejected() {
    book.apply(trigger(RuleId.PANIC, "pb-1", T0, null), T0);
    book.resolve("A1", "st-7", "assisted", null, T0);

    StaffActionResult same = book.resolve("A1", "st-9", "assisted", null, T0);
    StaffActionResult other = book.resolve("A1", "st-9", "false_alarm", null, T0);

    assertThat(same).isInstanceOfSatisfying(Applied.class, a -> assertThat(a.noop()).isTrue());
    assertThat(other)
        .isInstanceOfSatisfying(
            Rejected.class,
            x -> {
              assertThat(x.reason()).isEqualTo(Reason.ALREADY_RESOLVED);
              assertThat(x.detail()).contains("assisted").contains("st-7");
            });
    assertThat(book.alert("A1").orElseThrow().resolvedBy()).isEqualTo("st-7");
  }

  @Test
  void resolve_unknownAlert_isRejectedBeforeTheOutcomeIsLookedAt() {
    assertThat(book.resolve("nope", "st-7", null, null, T0))
        .extracting(r -> ((Rejected) r).reason())
        .isEqualTo(Reason.UNKNOWN_ALERT);
  }

  @Test
  void timeline_isAppendOnly_anEarlierSnapshotIsAPrefixOfALaterOne() {
    book.apply(trigger(RuleId.PANIC, "pb-1", T0, null), T0);
    List<TimelineEntry> before = book.timeline("A1").orElseThrow().entries();

    book.apply(trigger(RuleId.PANIC, "pb-1", T0, null), T0);
    book.acknowledge("A1", "st-7", T0);
    book.resolve("A1", "st-7", "assisted", null, T0);
    List<TimelineEntry> after = book.timeline("A1").orElseThrow().entries();

    assertThat(after).hasSize(4).startsWith(before.toArray(TimelineEntry[]::new));
    assertThat(book.alert("A1")).isPresent();
  }

  @Test
  void apply_everyRuleActionKind_isHandled() {
    RuleAction[] actions = {
      trigger(RuleId.INACTIVITY, null, T0, null),
      clear(RuleId.INACTIVITY, null, Outcome.AUTO_CLEARED, T0)
    };
    assertThat(book.apply(actions[0], T0).get(0).alert().subject()).isEqualTo("res-12");
    assertThat(book.apply(actions[1], T0))
        .extracting(AlertEvent::kind)
        .containsExactly(Kind.RESOLVED);
  }
}
