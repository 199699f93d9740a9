package anxin.alerting.rule;

import static anxin.alerting.rule.RuleHarness.clears;
import static anxin.alerting.rule.RuleHarness.triggers;
import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.FacilityRules;
import anxin.alerting.RuleAction;
import anxin.alerting.RuleAction.Outcome;
import anxin.alerting.RuleAction.Trigger;
import anxin.alerting.RuleId;
import anxin.alerting.Severity;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules one event fires by itself: panic, fall and its cancel, tamper, battery low. */
class RuleEngineEventRulesTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final Instant MORNING =
      LocalDateTime.parse("2026-03-10T10:00:00").atZone(SHANGHAI).toInstant();

  private final RuleHarness h =
      new RuleHarness(FacilityRules.defaults(), MORNING)
          .device("r12-pb", "res-12")
          .device("r12-fall", "res-12");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "PANIC, PANIC, P1",
    "FALL, FALL, P1",
    "TAMPER, TAMPER, P2",
    "BATTERY_LOW, BATTERY_LOW, P3",
  })
  void onObservation_alarmingType_triggersItsRuleAtOnce(
      EventType type, RuleId rule, Severity severity) {
    List<RuleAction> actions = h.send("r12-pb", type);

    assertThat(actions).hasSize(1);
    Trigger t = (Trigger) actions.get(0);
    assertThat(t.rule()).isEqualTo(rule);
    assertThat(t.severity()).isEqualTo(severity);
    assertThat(t.facility()).isEqualTo(RuleHarness.FACILITY);
    assertThat(t.device()).isEqualTo("r12-pb");
    assertThat(t.resident()).isEqualTo("res-12");
    assertThat(t.room()).isEqualTo("r-res-12");
    assertThat(t.firedAt()).isEqualTo(MORNING);
    assertThat(t.eventAt()).isEqualTo(MORNING);
    assertThat(t.delayed()).isZero();
    assertThat(t.seq()).isEqualTo(100L);
  }

  @ParameterizedTest
  @CsvSource({"MOTION", "HEARTBEAT", "DOOR_OPEN", "DOOR_CLOSE", "BED_EXIT", "BED_RETURN"})
  void onObservation_nonAlarmingType_triggersNothing(EventType type) {
    assertThat(h.send("r12-pb", type)).isEmpty();
  }

  @Test
  void panic_pressedTwice_triggersTwiceForTheAlertBookToMerge() {
    h.send("r12-pb", EventType.PANIC);
    h.clock.advance(Duration.ofSeconds(5));
    h.send("r12-pb", EventType.PANIC);

    assertThat(triggers(h.recorded, RuleId.PANIC)).hasSize(2);
  }

  @Test
  void panic_duplicateSeq_isIgnored() {
    Event panic = Event.of("r12-pb", 7, EventType.PANIC);
    h.send(panic);

    assertThat(h.send(panic)).isEmpty();
  }

  @Test
  void panic_behindLastSeq_firesMarkedDelayedWithDeviceClockAge() {
    h.send(Event.of("r12-pb", 50, EventType.HEARTBEAT));
    long pressed = MORNING.minus(Duration.ofMinutes(7)).toEpochMilli();

    List<RuleAction> actions = h.send(Event.of("r12-pb", 49, EventType.PANIC).withTs(pressed));

    Trigger t = triggers(actions, RuleId.PANIC).get(0);
    assertThat(t.delayed()).isEqualTo(Duration.ofMinutes(7));
    assertThat(t.isDelayed()).isTrue();
    assertThat(t.eventAt()).isEqualTo(Instant.ofEpochMilli(pressed));
  }

  @Test
  void panic_behindLastSeqWithoutDeviceClock_isDelayedByReceiveAge() {
    h.send(Event.of("r12-pb", 50, EventType.HEARTBEAT));

    Trigger t = triggers(h.send(Event.of("r12-pb", 49, EventType.PANIC)), RuleId.PANIC).get(0);

    assertThat(t.isDelayed()).isTrue();
    assertThat(t.delayed()).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void panic_acrossSeqWrap_isInOrderNotLate() {
    h.send(Event.of("r12-pb", 4_294_967_295L, EventType.HEARTBEAT));

    Trigger t = triggers(h.send(Event.of("r12-pb", 0, EventType.PANIC)), RuleId.PANIC).get(0);

    assertThat(t.isDelayed()).isFalse();
  }

  @ParameterizedTest(name = "age {0} ms -> delayed {1}")
  @CsvSource({"60000, false", "60001, true"})
  void panic_inOrderButOld_isDelayedOnlyPastLateAfter(long ageMillis, boolean delayed) {
    long ts = MORNING.toEpochMilli() - ageMillis;

    Trigger t =
        triggers(h.send(Event.of("r12-pb", 1, EventType.PANIC).withTs(ts)), RuleId.PANIC).get(0);

    assertThat(t.isDelayed()).isEqualTo(delayed);
  }

  @Test
  void panic_deviceClockAhead_isDatedAtReceipt() {
    long ahead = MORNING.plusSeconds(90).toEpochMilli();

    Trigger t =
        triggers(h.send(Event.of("r12-pb", 1, EventType.PANIC).withTs(ahead)), RuleId.PANIC).get(0);

    assertThat(t.eventAt()).isEqualTo(MORNING);
    assertThat(t.delayed()).isZero();
  }

  @ParameterizedTest(name = "cancel after {0} ms -> cancelled {1}")
  @CsvSource({"0, true", "29999, true", "30000, true", "30001, false"})
  void fall_thenCancel_resolvesAsCancelledByResidentOnlyWithin30s(
      long afterMillis, boolean cancelled) {
    h.send("r12-fall", EventType.FALL);
    h.clock.advanceMillis(afterMillis);

    List<RuleAction> actions = h.send("r12-fall", EventType.FALL_CANCEL);

    assertThat(clears(actions, RuleId.FALL)).hasSize(cancelled ? 1 : 0);
    if (cancelled) {
      assertThat(clears(actions, RuleId.FALL).get(0).outcome())
          .isEqualTo(Outcome.CANCELLED_BY_RESIDENT);
      assertThat(clears(actions, RuleId.FALL).get(0).device()).isEqualTo("r12-fall");
    }
  }

  @Test
  void fall_cancelFromAnotherDevice_doesNotCancel() {
    h.send("r12-fall", EventType.FALL);

    assertThat(h.send("r12-pb", EventType.FALL_CANCEL)).isEmpty();
  }

  @Test
  void fall_cancelledTwice_clearsOnce() {
    h.send("r12-fall", EventType.FALL);
    h.send("r12-fall", EventType.FALL_CANCEL);

    assertThat(h.send("r12-fall", EventType.FALL_CANCEL)).isEmpty();
  }

  @Test
  void fall_arrivingAfterItsCancel_triggersThenClears() {
    h.send(Event.of("r12-fall", 11, EventType.FALL_CANCEL));

    List<RuleAction> actions = h.send(Event.of("r12-fall", 10, EventType.FALL));

    assertThat(actions).hasSize(2);
    assertThat(((Trigger) actions.get(0)).isDelayed()).isTrue();
    assertThat(clears(actions, RuleId.FALL).get(0).outcome())
        .isEqualTo(Outcome.CANCELLED_BY_RESIDENT);
  }

  @ParameterizedTest(name = "second fall after {0} -> note {1}")
  @CsvSource(
      nullValues = "none",
      value = {"PT1H, 2nd fall within 24 h", "PT24H, 2nd fall within 24 h", "PT24H0.001S, none"})
  void fall_secondForSameResident_notesRepeatedFallWithin24h(Duration after, String note) {
    h.send("r12-fall", EventType.FALL);
    h.clock.advance(after);

    Trigger t = triggers(h.send("r12-pb", EventType.FALL), RuleId.FALL).get(0);

    assertThat(t.note()).isEqualTo(note);
  }

  @Test
  void fall_thirdWithin24h_notesThird() {
    h.send("r12-fall", EventType.FALL);
    h.after(Duration.ofHours(2));
    h.send("r12-fall", EventType.FALL);
    h.after(Duration.ofHours(2));

    Trigger t = triggers(h.send("r12-fall", EventType.FALL), RuleId.FALL).get(0);

    assertThat(t.note()).isEqualTo("3rd fall within 24 h");
    assertThat(triggers(h.recorded, RuleId.FALL).get(0).note()).isNull();
  }

  @Test
  void fall_ofAnotherResident_isNotRepeated() {
    h.device("r14-fall", "res-14");
    h.send("r12-fall", EventType.FALL);

    assertThat(triggers(h.send("r14-fall", EventType.FALL), RuleId.FALL).get(0).note()).isNull();
  }

  @ParameterizedTest(name = "bat {0} -> fires {1}")
  @CsvSource({"14, true", "15, true", "16, false"})
  void battery_atOrBelow15_triggersBatteryLow(int bat, boolean fires) {
    List<RuleAction> actions = h.send(Event.of("r12-pb", 1, EventType.HEARTBEAT).withBat(bat));

    assertThat(triggers(actions, RuleId.BATTERY_LOW)).hasSize(fires ? 1 : 0);
  }

  @Test
  void battery_lowAllDay_triggersOncePerLocalDay() {
    h.send(Event.of("r12-pb", h.takeSeq("r12-pb"), EventType.HEARTBEAT).withBat(10));
    h.clock.set(LocalDateTime.parse("2026-03-10T23:59:59.999").atZone(SHANGHAI).toInstant());
    h.send("r12-pb", EventType.BATTERY_LOW);
    h.send(Event.of("r12-pb", h.takeSeq("r12-pb"), EventType.HEARTBEAT).withBat(9));
    assertThat(triggers(h.recorded, RuleId.BATTERY_LOW)).hasSize(1);

    h.clock.advanceMillis(1); // local midnight in Shanghai
    h.send("r12-pb", EventType.BATTERY_LOW);

    assertThat(triggers(h.recorded, RuleId.BATTERY_LOW)).hasSize(2);
  }

  @Test
  void battery_onTwoDevices_triggersOncePerDevice() {
    h.send("r12-pb", EventType.BATTERY_LOW);
    h.send("r12-fall", EventType.BATTERY_LOW);
    h.send("r12-fall", EventType.BATTERY_LOW);

    assertThat(triggers(h.recorded, RuleId.BATTERY_LOW))
        .extracting(Trigger::device)
        .containsExactly("r12-pb", "r12-fall");
  }

  @Test
  void batteryLowEventWithLowBat_triggersOnce() {
    List<RuleAction> actions = h.send(Event.of("r12-pb", 1, EventType.BATTERY_LOW).withBat(5));

    assertThat(actions).hasSize(1);
  }
}
