package anxin.alerting.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.Alert;
import anxin.alerting.AlertOutcome;
import anxin.alerting.NotificationIntent;
import anxin.alerting.RuleId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** P2 and P3 policies, family quiet hours, the SMS night, and reminders after empty steps. */
class EscalatorPoliciesTest {

  private final EscalationHarness h = new EscalationHarness();

  @Test
  void p2_unacknowledgedByDay_pagesAt0s180s600sThenRemindsEvery600s() {
    h.open("A1", RuleId.TAMPER, "r-101", EscalationHarness.DAY);

    h.runTo(Duration.ofSeconds(1200));

    assertThat(h.table())
        .containsExactly(
            "0s A1/1/staff.cg-a/console ALERT",
            "0s A1/1/staff.cg-a/webhook ALERT",
            "180s A1/2/staff.cg-a/console ESCALATION",
            "180s A1/2/staff.cg-a/webhook ESCALATION",
            "180s A1/2/staff.cg-a/sms ESCALATION",
            "180s A1/2/staff.cg-b/console ESCALATION",
            "180s A1/2/staff.cg-b/sms ESCALATION",
            "180s A1/2/staff.sup/console ESCALATION",
            "180s A1/2/staff.sup/webhook ESCALATION",
            "180s A1/2/staff.sup/sms ESCALATION",
            "600s A1/3/staff.mgr/sms ESCALATION",
            "600s A1/3/family.fam-1/sms ESCALATION",
            "600s A1/3/family.fam-2/sms ESCALATION",
            "1200s A1/3/staff.mgr/sms/r1 REMINDER",
            "1200s A1/3/family.fam-1/sms/r1 REMINDER",
            "1200s A1/3/family.fam-2/sms/r1 REMINDER");
  }

  @Test
  void p2_atNight_familyInQuietHoursIsTextedOnceWhenTheyEnd_othersAtOnce() {
    h.open("A1", RuleId.NIGHT_EXIT, "r-201", EscalationHarness.NIGHT); // 02:00, quiet until 07:00

    h.runTo(Duration.ofHours(5));

    List<String> family1 = h.table().stream().filter(s -> s.contains("fam-1")).toList();
    // Reminders skip fam-1 while the step 3 message waits, and the one due as it leaves at
    // 07:00 (r29) too: the held message is that period's reminder.
    assertThat(family1).containsExactly("18000s A1/3/family.fam-1/sms ESCALATION");
    assertThat(h.table())
        .contains(
            "0s A1/1/staff.night/console ALERT",
            "600s A1/3/staff.mgr/sms ESCALATION",
            "600s A1/3/family.fam-2/sms ESCALATION",
            "1200s A1/3/family.fam-2/sms/r1 REMINDER");
  }

  @Test
  void p2_atNight_afterTheHeldMessageLeaves_remindersReachTheContactAgain() {
    h.open("A1", RuleId.NIGHT_EXIT, "r-201", EscalationHarness.NIGHT);

    h.runTo(Duration.ofSeconds(18_600));

    assertThat(h.table())
        .filteredOn(s -> s.contains("fam-1"))
        .containsExactly(
            "18000s A1/3/family.fam-1/sms ESCALATION", "18600s A1/3/family.fam-1/sms/r30 REMINDER");
  }

  @Test
  void p2_atNight_acknowledgedBeforeQuietHoursEnd_dropsTheHeldMessageAndTellsOnlyWhoWasTold() {
    h.directory.family.put(
        "res-12",
        List.of(
            new FamilyContact("fam-1", "res-12", "+8613800000001", null, null, true),
            new FamilyContact("fam-2", "res-12", "+447700900002", "en", DailyWindow.NEVER, true)));
    Alert a = h.open("A1", RuleId.NIGHT_EXIT, "r-201", EscalationHarness.NIGHT);
    h.runTo(Duration.ofHours(1));
    h.acknowledge(a);
    h.runTo(Duration.ofHours(6));

    h.resolve(a, AlertOutcome.ASSISTED);

    assertThat(h.table()).noneMatch(s -> s.contains("fam-1"));
    assertThat(h.table()).last().isEqualTo("21600s A1/resolved/family.fam-2/sms RESOLVED_FAMILY");
  }

  @Test
  void p2_resolvedInQuietHours_resolutionMessageWaitsUntilTheyEnd() {
    Alert a = h.open("A1", RuleId.TAMPER, "r-101", EscalationHarness.at("2026-03-10T21:40:00"));
    h.runTo(Duration.ofMinutes(10)); // 21:50: step 3 texts fam-1 before quiet hours
    h.runTo(Duration.ofMinutes(80)); // 23:00

    h.resolve(a, AlertOutcome.FALSE_ALARM);
    int before = h.intents.size();
    h.runTo(Duration.ofHours(9).plusMinutes(20)); // 07:00

    assertThat(h.intents.subList(before, h.intents.size()))
        .extracting(NotificationIntent::dedupKey, i -> h.seconds(i.due()))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("A1/resolved/family.fam-1/sms", "33600s"));
  }

  @Test
  void p3_byDay_consoleOfEveryOnDutyStaffOnly_noRemindersNoSms() {
    h.open("A1", RuleId.BATTERY_LOW, "r-101", EscalationHarness.DAY);

    h.runTo(Duration.ofHours(2));

    assertThat(h.table())
        .containsExactly(
            "0s A1/1/staff.cg-a/console ALERT",
            "0s A1/1/staff.cg-b/console ALERT",
            "0s A1/1/staff.sup/console ALERT");
  }

  @Test
  void p3_withSmsConfigured_atNight_smsWaitsForTheNightsEndAndIsDroppedIfResolvedFirst() {
    h.directory.escalation =
        FacilityEscalation.parse(Map.of("p3.step.1", "0s; on_duty_staff; console,sms"));
    h.open("A1", RuleId.DEVICE_SILENT, "r-101", EscalationHarness.NIGHT);
    h.runTo(Duration.ofHours(5));
    assertThat(h.table())
        .containsExactly(
            "0s A1/1/staff.night/console ALERT",
            "0s A1/1/staff.nsup/console ALERT",
            "18000s A1/1/staff.night/sms ALERT",
            "18000s A1/1/staff.nsup/sms ALERT");
    h.intents.clear();

    Alert b = h.open("B1", RuleId.DEVICE_SILENT, "r-101", EscalationHarness.at("2026-03-12T02:00"));
    h.runTo(Duration.ofHours(1));
    h.resolve(b, AlertOutcome.AUTO_CLEARED);
    h.runTo(Duration.ofHours(6));

    assertThat(h.table())
        .containsExactly("0s B1/1/staff.night/console ALERT", "0s B1/1/staff.nsup/console ALERT");
  }

  @Test
  void lastStepReachesNobody_remindersGoToTheLastStepThatReachedSomeone() {
    h.directory.roster =
        new Roster(
            FakeDirectory.SHANGHAI,
            FakeDirectory.careHome().staff().stream().filter(s -> !s.id().equals("mgr")).toList(),
            FakeDirectory.careHome().roomZones());
    h.directory.family.clear();
    h.open("A1", RuleId.PANIC, "r-101", EscalationHarness.DAY);

    h.runTo(Duration.ofSeconds(300));

    assertThat(h.steps)
        .extracting(s -> s.step() + ":" + s.recipients())
        .containsExactly("1:1", "2:3", "3:0");
    assertThat(h.table())
        .filteredOn(s -> s.startsWith("300s"))
        .containsExactly(
            "300s A1/2/staff.cg-a/console/r1 REMINDER",
            "300s A1/2/staff.cg-a/webhook/r1 REMINDER",
            "300s A1/2/staff.cg-a/sms/r1 REMINDER",
            "300s A1/2/staff.cg-b/console/r1 REMINDER",
            "300s A1/2/staff.cg-b/sms/r1 REMINDER",
            "300s A1/2/staff.sup/console/r1 REMINDER",
            "300s A1/2/staff.sup/webhook/r1 REMINDER",
            "300s A1/2/staff.sup/sms/r1 REMINDER");
  }

  @Test
  void acknowledged_gatewayOrSilentDevice_sendsNoReassure() {
    Alert gw = h.open("G1", RuleId.GATEWAY_OFFLINE, null, EscalationHarness.DAY);
    Alert silent = h.open("S1", RuleId.DEVICE_SILENT, "r-101", EscalationHarness.DAY);
    Alert tamper = h.open("T1", RuleId.TAMPER, "r-101", EscalationHarness.DAY);

    h.acknowledge(gw);
    h.acknowledge(silent);
    h.acknowledge(tamper);

    assertThat(h.commands).extracting(c -> c.alertId()).containsExactly("T1");
  }

  @Test
  void tick_manyAlerts_staleEntriesOfStoppedAlertsAreSkipped() {
    for (int i = 0; i < 50; i++) {
      Alert a = h.open("A" + i, RuleId.PANIC, "r-101", EscalationHarness.DAY);
      if (i % 2 == 0) {
        h.acknowledge(a);
      }
    }
    h.runTo(Duration.ofSeconds(60));

    assertThat(h.steps.stream().filter(s -> s.step() == 2)).hasSize(25);
    assertThat(h.escalator.tracked()).isEqualTo(50);
  }
}
