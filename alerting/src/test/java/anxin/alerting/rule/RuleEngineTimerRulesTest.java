package anxin.alerting.rule;

import static anxin.alerting.rule.RuleHarness.clears;
import static anxin.alerting.rule.RuleHarness.triggers;
import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.FacilityRules;
import anxin.alerting.GatewayStatus;
import anxin.alerting.RuleAction;
import anxin.alerting.RuleAction.Outcome;
import anxin.alerting.RuleAction.Trigger;
import anxin.alerting.RuleId;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Timer rules: door left open, night exit, not back in bed, inactivity, silence. */
class RuleEngineTimerRulesTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static Instant local(String dateTime, ZoneId zone) {
    return LocalDateTime.parse(dateTime).atZone(zone).toInstant();
  }

  private static FacilityRules rules(String... keyValues) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return FacilityRules.parse(m);
  }

  private static RuleHarness harness(FacilityRules rules, String localStart, ZoneId zone) {
    return new RuleHarness(rules, local(localStart, zone))
        .device("r12-door", "res-12")
        .device("r12-bed", "res-12")
        .device("r12-pir", "res-12");
  }

  // ------------------------------------------------------------------ door left open

  @ParameterizedTest(name = "open {0} ms -> fires {1}")
  @CsvSource({"899999, false", "900000, true", "900001, true"})
  void doorLeftOpen_openFor15min_firesAtThreshold(long openMillis, boolean fires) {
    RuleHarness h = harness(FacilityRules.defaults(), "2026-03-10T10:00:00", SHANGHAI);
    h.door("r12-door", EventType.DOOR_OPEN, "balcony");

    h.clock.advanceMillis(openMillis);
    List<RuleAction> actions = h.tick();

    assertThat(triggers(actions, RuleId.DOOR_LEFT_OPEN)).hasSize(fires ? 1 : 0);
  }

  @Test
  void doorLeftOpen_closedBefore15min_neverFires() {
    RuleHarness h = harness(FacilityRules.defaults(), "2026-03-10T10:00:00", SHANGHAI);
    h.door("r12-door", EventType.DOOR_OPEN, "balcony");
    h.clock.advance(Duration.ofMinutes(14));
    h.door("r12-door", EventType.DOOR_CLOSE, "balcony");

    assertThat(triggers(h.tickThrough(Duration.ofHours(1)), RuleId.DOOR_LEFT_OPEN)).isEmpty();
  }

  @Test
  void doorLeftOpen_firesOnceThenClearsOnClose() {
    RuleHarness h = harness(FacilityRules.defaults(), "2026-03-10T10:00:00", SHANGHAI);
    Instant opened = h.clock.now();
    h.door("r12-door", EventType.DOOR_OPEN, "balcony");

    List<Trigger> fired = triggers(h.tickThrough(Duration.ofMinutes(40)), RuleId.DOOR_LEFT_OPEN);
    h.door("r12-door", EventType.DOOR_OPEN, "balcony"); // repeated open while open: no restart
    List<RuleAction> closed = h.door("r12-door", EventType.DOOR_CLOSE, "balcony");

    assertThat(fired).hasSize(1);
    Trigger t = fired.get(0);
    assertThat(t.eventAt()).isEqualTo(opened);
    assertThat(t.firedAt()).isEqualTo(opened.plus(Duration.ofMinutes(15)));
    assertThat(t.seq()).isNull();
    assertThat(t.delayed()).isZero();
    assertThat(clears(closed, RuleId.DOOR_LEFT_OPEN))
        .singleElement()
        .extracting(RuleAction.Clear::outcome)
        .isEqualTo(Outcome.AUTO_CLEARED);
  }

  @Test
  void doorLeftOpen_openedDuringOutageAndClosedLate_firesThenClears() {
    RuleHarness h = harness(FacilityRules.defaults(), "2026-03-10T10:00:00", SHANGHAI);
    long t0 = h.clock.millis() - Duration.ofMinutes(30).toMillis();
    h.send(Event.of("r12-door", 1, EventType.DOOR_OPEN).withTs(t0));

    List<RuleAction> actions =
        h.send(Event.of("r12-door", 2, EventType.DOOR_CLOSE).withTs(t0 + 1_000_000));

    assertThat(triggers(actions, RuleId.DOOR_LEFT_OPEN))
        .singleElement()
        .matches(Trigger::isDelayed);
    assertThat(clears(actions, RuleId.DOOR_LEFT_OPEN)).hasSize(1);
  }

  @Test
  void doorLeftOpen_lateOpenBehindAClose_changesNoState() {
    RuleHarness h = harness(FacilityRules.defaults(), "2026-03-10T10:00:00", SHANGHAI);
    h.send(Event.of("r12-door", 11, EventType.DOOR_CLOSE));
    h.send(Event.of("r12-door", 10, EventType.DOOR_OPEN));

    assertThat(triggers(h.tickThrough(Duration.ofMinutes(30)), RuleId.DOOR_LEFT_OPEN)).isEmpty();
  }

  @Test
  void doorLeftOpen_openOvertakenByTheDevicesAlarm_stillStartsTheTimer() {
    // ingest's alarm watch and the core's alarm lane take a panic ahead of its device's earlier
    // events: the door_open before it then comes late, and must still arm the timer
    RuleHarness h = harness(FacilityRules.defaults(), "2026-03-10T10:00:00", SHANGHAI);
    h.send(Event.of("r12-door", 11, EventType.PANIC));
    h.send(Event.of("r12-door", 10, EventType.DOOR_OPEN));

    assertThat(triggers(h.tickThrough(Duration.ofMinutes(16)), RuleId.DOOR_LEFT_OPEN)).hasSize(1);
  }

  @Test
  void
      doorLeftOpen_openOvertakenAcrossTheSeqWrap_stillStartsTheTimer_andAnOlderCloseDoesNotEndIt() {
    RuleHarness h = harness(FacilityRules.defaults(), "2026-03-10T10:00:00", SHANGHAI);
    h.send(Event.of("r12-door", 4_294_967_294L, EventType.DOOR_CLOSE));
    h.send(Event.of("r12-door", 0, EventType.PANIC)); // after 4294967295 in wrapping order
    h.send(Event.of("r12-door", 4_294_967_295L, EventType.DOOR_OPEN));
    h.send(Event.of("r12-door", 4_294_967_293L, EventType.DOOR_CLOSE)); // older than the open

    assertThat(triggers(h.tickThrough(Duration.ofMinutes(16)), RuleId.DOOR_LEFT_OPEN)).hasSize(1);
  }

  @Test
  void doorLeftOpen_closeOvertakenByTheDevicesAlarm_stillEndsTheTimer() {
    RuleHarness h = harness(FacilityRules.defaults(), "2026-03-10T10:00:00", SHANGHAI);
    h.send(Event.of("r12-door", 10, EventType.DOOR_OPEN));
    h.send(Event.of("r12-door", 12, EventType.FALL));
    h.send(Event.of("r12-door", 11, EventType.DOOR_CLOSE));

    assertThat(triggers(h.tickThrough(Duration.ofMinutes(30)), RuleId.DOOR_LEFT_OPEN)).isEmpty();
  }

  @Test
  void
      notBackInBed_exitOvertakenByAnAlarm_stillStartsTheTimer_andABedEventBehindItChangesNothing() {
    RuleHarness h = harness(FacilityRules.defaults(), "2026-03-10T23:00:00", SHANGHAI);
    h.send(Event.of("r12-bed", 21, EventType.FALL));
    h.send(Event.of("r12-bed", 20, EventType.BED_EXIT));
    h.send(Event.of("r12-bed", 19, EventType.BED_RETURN)); // older than the exit: no return

    assertThat(triggers(h.tickThrough(Duration.ofMinutes(21)), RuleId.NOT_BACK_IN_BED)).hasSize(1);
  }

  // ------------------------------------------------------------------ night exit

  private static FacilityRules wandering() {
    return rules("resident.res-12.care", "wandering_risk");
  }

  @ParameterizedTest(name = "{0} local, close after {1} s -> fires {2}")
  @CsvSource({
    "2026-03-10T23:00:00, 61, true",
    "2026-03-10T23:00:00, 59, false",
    "2026-03-10T21:59:59.999, 61, false",
    "2026-03-10T22:00:00, 61, true",
    "2026-03-11T02:30:00, 61, true",
    "2026-03-11T05:59:59.999, 61, true",
    "2026-03-11T06:00:00, 61, false",
  })
  void nightExit_exitDoorOpenAtNight_firesWhenNotClosedWithin60s(
      String localOpen, long closeAfterSeconds, boolean fires) {
    RuleHarness h = harness(wandering(), localOpen, SHANGHAI);
    h.door("r12-door", EventType.DOOR_OPEN, "main");

    List<RuleAction> during = h.tickThrough(Duration.ofSeconds(closeAfterSeconds));
    h.door("r12-door", EventType.DOOR_CLOSE, "main");
    h.tickThrough(Duration.ofMinutes(2));

    assertThat(triggers(h.recorded, RuleId.NIGHT_EXIT)).hasSize(fires ? 1 : 0);
    assertThat(triggers(during, RuleId.NIGHT_EXIT)).hasSize(fires ? 1 : 0);
    assertThat(clears(h.recorded, RuleId.NIGHT_EXIT)).isEmpty();
  }

  @ParameterizedTest(name = "open {0} ms -> fires {1}")
  @CsvSource({"59999, false", "60000, true"})
  void nightExit_boundary_firesAtExactly60s(long openMillis, boolean fires) {
    RuleHarness h = harness(wandering(), "2026-03-10T23:00:00", SHANGHAI);
    h.door("r12-door", EventType.DOOR_OPEN, "main");

    h.clock.advanceMillis(openMillis);

    assertThat(triggers(h.tick(), RuleId.NIGHT_EXIT)).hasSize(fires ? 1 : 0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"no wandering risk, , main", "not an exit door, wandering_risk, balcony"})
  void nightExit_notApplicable_neverFires(String why, String care, String door) {
    RuleHarness h =
        harness(
            rules("resident.res-12.care", care == null ? "" : care),
            "2026-03-10T23:00:00",
            SHANGHAI);
    h.door("r12-door", EventType.DOOR_OPEN, door);

    assertThat(triggers(h.tickThrough(Duration.ofMinutes(5)), RuleId.NIGHT_EXIT)).isEmpty();
  }

  @Test
  void nightExit_facilityDoorWithoutResident_firesWhenAnyResidentWanders() {
    RuleHarness h = harness(wandering(), "2026-03-10T23:00:00", SHANGHAI);
    h.door("main-door", EventType.DOOR_OPEN, "main");

    assertThat(triggers(h.tickThrough(Duration.ofMinutes(2)), RuleId.NIGHT_EXIT))
        .singleElement()
        .satisfies(t -> assertThat(t.resident()).isNull());
  }

  @Test
  void nightExit_configuredExitDoor_counts() {
    RuleHarness h =
        harness(
            rules("resident.res-12.care", "wandering_risk", "night-exit.doors", "main,garden"),
            "2026-03-10T23:00:00",
            SHANGHAI);
    h.door("r12-door", EventType.DOOR_OPEN, "garden");

    assertThat(triggers(h.tickThrough(Duration.ofMinutes(2)), RuleId.NIGHT_EXIT)).hasSize(1);
  }

  @ParameterizedTest(name = "{0} New York -> fires {1}")
  @CsvSource({
    "2026-03-08T01:30:00, true", // DST starts at 02:00 that night
    "2026-03-08T05:59:59.999, true",
    "2026-03-08T06:00:00, false",
    "2026-03-07T22:00:00, true",
    "2026-03-07T21:59:59.999, false",
  })
  void nightExit_zoneWithDst_usesLocalWallClock(String localOpen, boolean fires) {
    RuleHarness h =
        harness(
            rules("resident.res-12.care", "wandering_risk", "zone", "America/New_York"),
            localOpen,
            NEW_YORK);
    h.door("r12-door", EventType.DOOR_OPEN, "main");

    assertThat(triggers(h.tickThrough(Duration.ofMinutes(2)), RuleId.NIGHT_EXIT))
        .hasSize(fires ? 1 : 0);
  }

  // ------------------------------------------------------------------ not back in bed

  @ParameterizedTest(name = "{0} local, out {1} ms -> fires {2}")
  @CsvSource({
    "2026-03-10T23:00:00, 1199999, false",
    "2026-03-10T23:00:00, 1200000, true",
    "2026-03-10T23:00:00, 1200001, true",
    "2026-03-11T05:59:59.999, 1200000, true",
    "2026-03-11T06:00:00, 1200000, false",
    "2026-03-10T21:59:59.999, 1200000, false",
  })
  void notBackInBed_nightExitWithoutReturn_firesAfter20min(
      String localExit, long outMillis, boolean fires) {
    RuleHarness h = harness(FacilityRules.defaults(), localExit, SHANGHAI);
    h.send("r12-bed", EventType.BED_EXIT);

    h.clock.advanceMillis(outMillis);

    assertThat(triggers(h.tick(), RuleId.NOT_BACK_IN_BED)).hasSize(fires ? 1 : 0);
  }

  @Test
  void notBackInBed_returnAfterFiring_clearsAndReArmsOnNextExit() {
    RuleHarness h = harness(FacilityRules.defaults(), "2026-03-10T23:00:00", SHANGHAI);
    h.send("r12-bed", EventType.BED_EXIT);
    h.tickThrough(Duration.ofMinutes(25));
    List<RuleAction> back = h.send("r12-bed", EventType.BED_RETURN);
    h.send("r12-bed", EventType.BED_EXIT);
    h.tickThrough(Duration.ofMinutes(25));

    assertThat(clears(back, RuleId.NOT_BACK_IN_BED)).hasSize(1);
    assertThat(triggers(h.recorded, RuleId.NOT_BACK_IN_BED)).hasSize(2);
  }

  @Test
  void notBackInBed_acrossDstFallBack_dueIn20ElapsedMinutes() {
    RuleHarness h =
        harness(rules("zone", "America/New_York"), "2026-11-01T01:50:00", NEW_YORK); // EDT
    h.send("r12-bed", EventType.BED_EXIT);

    List<RuleAction> fired = h.tickThrough(Duration.ofMinutes(21));

    Trigger t = triggers(fired, RuleId.NOT_BACK_IN_BED).get(0);
    assertThat(t.firedAt().atZone(NEW_YORK).toLocalDateTime())
        .isEqualTo(LocalDateTime.parse("2026-11-01T01:10:00")); // EST, after falling back
  }

  // ------------------------------------------------------------------ inactivity

  private static FacilityRules alone() {
    return rules("resident.res-12.care", "lives_alone");
  }

  @ParameterizedTest(name = "last activity {0} -> due {1}")
  @CsvSource({
    "2026-03-10T08:00:00, 2026-03-10T20:00:00",
    "2026-03-10T06:00:00, 2026-03-10T19:00:00",
    "2026-03-10T21:00:00, 2026-03-11T18:00:00",
    "2026-03-10T23:30:00, 2026-03-11T19:00:00",
  })
  void inactivity_livesAlone_firesAfter12hCountedInsideTheDayWindow(
      String localActivity, String localDue) {
    RuleHarness h = harness(alone(), localActivity, SHANGHAI);
    h.send("r12-pir", EventType.MOTION);
    Instant due = local(localDue, SHANGHAI);

    h.clock.set(due.minusMillis(1));
    List<RuleAction> before = h.tick();
    h.clock.set(due);
    List<RuleAction> at = h.tick();

    assertThat(triggers(before, RuleId.INACTIVITY)).isEmpty();
    Trigger t = triggers(at, RuleId.INACTIVITY).get(0);
    assertThat(t.resident()).isEqualTo("res-12");
    assertThat(t.device()).isNull();
    assertThat(t.subject()).isEqualTo("res-12");
    assertThat(t.eventAt()).isEqualTo(local(localActivity, SHANGHAI));
  }

  @Test
  void inactivity_activityKeepsPushingTheDueTime_neverFires() {
    RuleHarness h = harness(alone(), "2026-03-10T08:00:00", SHANGHAI);
    for (int hour = 0; hour < 48; hour++) {
      h.send("r12-pir", EventType.MOTION);
      h.tickThrough(Duration.ofHours(1));
    }

    assertThat(triggers(h.recorded, RuleId.INACTIVITY)).isEmpty();
  }

  @Test
  void inactivity_heartbeatsAreNotActivity_firesOnceThenMotionClears() {
    RuleHarness h = harness(alone(), "2026-03-10T08:00:00", SHANGHAI);
    h.send("r12-pir", EventType.MOTION);
    for (int i = 0; i < 14; i++) {
      h.after(Duration.ofHours(1));
      h.send("r12-pir", EventType.HEARTBEAT);
    }
    List<RuleAction> motion = h.send("r12-pir", EventType.MOTION);

    assertThat(triggers(h.recorded, RuleId.INACTIVITY)).hasSize(1);
    assertThat(clears(motion, RuleId.INACTIVITY))
        .singleElement()
        .satisfies(c -> assertThat(c.subject()).isEqualTo("res-12"));
  }

  @Test
  void inactivity_residentNotLivingAlone_neverFires() {
    RuleHarness h = harness(FacilityRules.defaults(), "2026-03-10T08:00:00", SHANGHAI);
    h.send("r12-pir", EventType.MOTION);

    assertThat(triggers(h.after(Duration.ofDays(3)), RuleId.INACTIVITY)).isEmpty();
  }

  // ------------------------------------------------------------------ device silent

  @ParameterizedTest(name = "silent {0} ms -> fires {1}")
  @CsvSource({"899999, false", "900000, true"})
  void deviceSilent_noMessageFor3Heartbeats_fires(long silentMillis, boolean fires) {
    RuleHarness h = harness(FacilityRules.defaults(), "2026-03-10T10:00:00", SHANGHAI);
    h.send("r12-pir", EventType.HEARTBEAT);

    h.clock.advanceMillis(silentMillis);

    assertThat(triggers(h.tick(), RuleId.DEVICE_SILENT)).hasSize(fires ? 1 : 0);
  }

  @Test
  void deviceSilent_anyMessageResets_andHeardAgainClears() {
    RuleHarness h = harness(FacilityRules.defaults(), "2026-03-10T10:00:00", SHANGHAI);
    h.send("r12-pir", EventType.HEARTBEAT);
    h.tickThrough(Duration.ofMinutes(14));
    h.send("r12-pir", EventType.MOTION);
    assertThat(h.tickThrough(Duration.ofMinutes(14))).isEmpty();

    List<RuleAction> fired = h.tickThrough(Duration.ofHours(2));
    List<RuleAction> heard = h.send("r12-pir", EventType.HEARTBEAT);

    assertThat(triggers(fired, RuleId.DEVICE_SILENT)).hasSize(1);
    assertThat(clears(heard, RuleId.DEVICE_SILENT)).hasSize(1);
  }

  @Test
  void deviceSilent_heartbeatOverride_usesTheDevicesInterval() {
    RuleHarness h =
        harness(rules("device.r12-pir.heartbeat", "1h"), "2026-03-10T10:00:00", SHANGHAI);
    h.send("r12-pir", EventType.HEARTBEAT);

    assertThat(h.after(Duration.ofMinutes(179))).isEmpty();
    assertThat(triggers(h.after(Duration.ofMinutes(1)), RuleId.DEVICE_SILENT)).hasSize(1);
  }

  // ------------------------------------------------------------------ gateway offline

  @Test
  void gatewayOffline_offlineStatus_firesAtOnceAndOnlineClears() {
    RuleHarness h = harness(FacilityRules.defaults(), "2026-03-10T10:00:00", SHANGHAI);
    h.gateway("gw-1", GatewayStatus.State.ONLINE);

    List<RuleAction> offline = h.gateway("gw-1", GatewayStatus.State.OFFLINE);
    List<RuleAction> again = h.gateway("gw-1", GatewayStatus.State.OFFLINE);
    List<RuleAction> silent = h.tickThrough(Duration.ofMinutes(10));
    List<RuleAction> online = h.gateway("gw-1", GatewayStatus.State.ONLINE);

    assertThat(triggers(offline, RuleId.GATEWAY_OFFLINE))
        .singleElement()
        .satisfies(t -> assertThat(t.device()).isEqualTo("gw-1"));
    assertThat(again).isEmpty();
    assertThat(silent).isEmpty();
    assertThat(clears(online, RuleId.GATEWAY_OFFLINE)).hasSize(1);
  }

  @ParameterizedTest(name = "silent {0} ms -> fires {1}")
  @CsvSource({"119999, false", "120000, true"})
  void gatewayOffline_noStatusFor2min_fires(long silentMillis, boolean fires) {
    RuleHarness h = harness(FacilityRules.defaults(), "2026-03-10T10:00:00", SHANGHAI);
    h.gateway("gw-1", GatewayStatus.State.ONLINE);
    h.tickThrough(Duration.ofSeconds(30));
    h.gateway("gw-1", GatewayStatus.State.ONLINE);

    h.clock.advanceMillis(silentMillis);

    assertThat(triggers(h.tick(), RuleId.GATEWAY_OFFLINE)).hasSize(fires ? 1 : 0);
  }
}
