package anxin.alerting.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.Alert;
import anxin.alerting.AlertOutcome;
import anxin.alerting.NotificationIntent;
import anxin.alerting.NotificationIntent.Channel;
import anxin.alerting.NotificationIntent.RecipientKind;
import anxin.alerting.RuleId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Escalation of P1 alerts with the default policy (DESIGN §5), as timelines on a fake clock. */
class EscalatorP1Test {

  private final EscalationHarness h = new EscalationHarness();

  @Test
  void p1_unacknowledgedByDay_pagesStepsAt0s60s180sThenRemindsEvery120s() {
    h.open("A1", RuleId.PANIC, "r-101", EscalationHarness.DAY);

    h.runTo(Duration.ofSeconds(420));

    assertThat(h.table())
        .containsExactly(
            "0s A1/1/staff.cg-a/console ALERT",
            "0s A1/1/staff.cg-a/webhook ALERT",
            "60s A1/2/staff.cg-a/console ESCALATION",
            "60s A1/2/staff.cg-a/webhook ESCALATION",
            "60s A1/2/staff.cg-a/sms ESCALATION",
            "60s A1/2/staff.cg-b/console ESCALATION",
            "60s A1/2/staff.cg-b/sms ESCALATION",
            "60s A1/2/staff.sup/console ESCALATION",
            "60s A1/2/staff.sup/webhook ESCALATION",
            "60s A1/2/staff.sup/sms ESCALATION",
            "180s A1/3/staff.mgr/sms ESCALATION",
            "180s A1/3/family.fam-1/sms ESCALATION",
            "180s A1/3/family.fam-2/sms ESCALATION",
            "300s A1/3/staff.mgr/sms/r1 REMINDER",
            "300s A1/3/family.fam-1/sms/r1 REMINDER",
            "300s A1/3/family.fam-2/sms/r1 REMINDER",
            "420s A1/3/staff.mgr/sms/r2 REMINDER",
            "420s A1/3/family.fam-1/sms/r2 REMINDER",
            "420s A1/3/family.fam-2/sms/r2 REMINDER");
    assertThat(h.steps)
        .extracting(s -> s.step() + ":" + s.recipients() + "@" + h.seconds(s.at()))
        .containsExactly("1:1@0s", "2:3@60s", "3:3@180s");
  }

  @Test
  void p1_tickAfterAStall_takesEveryOverdueStepButOnlyTheLatestReminder() {
    h.open("A1", RuleId.PANIC, "r-101", EscalationHarness.DAY);

    h.stallUntil(Duration.ofSeconds(1000));

    assertThat(h.table())
        .filteredOn(s -> !s.startsWith("0s "))
        .extracting(s -> s.substring(0, s.indexOf('/')) + s.substring(s.lastIndexOf(' ')))
        .containsExactly(
            "60s A1 ESCALATION",
            "60s A1 ESCALATION",
            "60s A1 ESCALATION",
            "60s A1 ESCALATION",
            "60s A1 ESCALATION",
            "60s A1 ESCALATION",
            "60s A1 ESCALATION",
            "60s A1 ESCALATION",
            "180s A1 ESCALATION",
            "180s A1 ESCALATION",
            "180s A1 ESCALATION",
            "900s A1 REMINDER",
            "900s A1 REMINDER",
            "900s A1 REMINDER");
    assertThat(h.table()).filteredOn(s -> s.contains("REMINDER")).allMatch(s -> s.contains("/r6 "));
  }

  @Test
  void p1_intents_carryAddressLanguageAndAlertFields() {
    h.open("A1", RuleId.FALL, "r-101", EscalationHarness.DAY);
    h.runTo(Duration.ofSeconds(180));

    NotificationIntent webhook = find("A1/1/staff.cg-a/webhook");
    assertThat(webhook.recipient())
        .isEqualTo(new NotificationIntent.Recipient("cg-a", RecipientKind.STAFF, "hook://cg-a"));
    assertThat(webhook.language()).isEqualTo("zh-CN");
    assertThat(webhook.rule()).isEqualTo(RuleId.FALL);
    assertThat(webhook.room()).isEqualTo("r-101");
    assertThat(webhook.resident()).isEqualTo("res-12");
    assertThat(webhook.step()).isEqualTo(1);
    assertThat(webhook.reminder()).isZero();
    assertThat(find("A1/1/staff.cg-a/console").recipient().address()).isEqualTo("cg-a");
    NotificationIntent family = find("A1/3/family.fam-2/sms");
    assertThat(family.recipient().address()).isEqualTo("+447700900002");
    assertThat(family.language()).isEqualTo("en");
    assertThat(find("A1/3/staff.mgr/sms").language()).isEqualTo("en");
  }

  @Test
  void p1_acknowledgedAt59999ms_stopsBeforeStep2AndReassuresTheDevice() {
    Alert a = h.open("A1", RuleId.PANIC, "r-101", EscalationHarness.DAY);
    h.runTo(Duration.ofMillis(59_999));

    h.acknowledge(a);
    h.runTo(Duration.ofHours(2));

    assertThat(h.table())
        .containsExactly("0s A1/1/staff.cg-a/console ALERT", "0s A1/1/staff.cg-a/webhook ALERT");
    assertThat(h.commands).hasSize(1);
    assertThat(h.commands.get(0).topic()).isEqualTo("anxin/v1/fuyuan/dev-A1/cmd");
    assertThat(h.commands.get(0).payload()).isEqualTo("{\"cmd\":\"reassure\",\"alert\":\"A1\"}");
    assertThat(h.commands.get(0).dedupKey()).isEqualTo("A1/reassure");
  }

  @Test
  void p1_acknowledgedAt60s_afterStep2TookItsTick_stopsBeforeStep3() {
    Alert a = h.open("A1", RuleId.PANIC, "r-101", EscalationHarness.DAY);
    h.runTo(Duration.ofSeconds(60));

    h.acknowledge(a);
    h.runTo(Duration.ofHours(1));

    assertThat(h.table()).hasSize(10).allMatch(s -> !s.contains("A1/3/"));
  }

  @Test
  void p1_acknowledgedAfterStep3_resolutionTellsOnlyTheFamilyWhoWereToldAndWantIt() {
    Alert a = h.open("A1", RuleId.PANIC, "r-101", EscalationHarness.DAY);
    h.runTo(Duration.ofSeconds(200));
    h.acknowledge(a);
    h.runTo(Duration.ofSeconds(900));
    int before = h.intents.size();

    h.resolve(a, AlertOutcome.TRANSFERRED_TO_HOSPITAL);

    assertThat(h.intents.subList(before, h.intents.size()))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.dedupKey()).isEqualTo("A1/resolved/family.fam-1/sms");
              assertThat(i.kind()).isEqualTo(NotificationIntent.MessageKind.RESOLVED_FAMILY);
              assertThat(i.outcome()).isEqualTo(AlertOutcome.TRANSFERRED_TO_HOSPITAL);
              assertThat(i.channel()).isEqualTo(Channel.SMS);
              assertThat(i.due()).isEqualTo(h.now);
            });
    assertThat(h.table()).noneMatch(s -> s.contains("REMINDER"));
  }

  @Test
  void p1_resolvedBeforeStep3_tellsNoFamily() {
    Alert a = h.open("A1", RuleId.FALL, "r-101", EscalationHarness.DAY);
    h.runTo(Duration.ofSeconds(10));

    h.resolve(a, AlertOutcome.CANCELLED_BY_RESIDENT);
    h.runTo(Duration.ofHours(1));

    assertThat(h.table())
        .containsExactly("0s A1/1/staff.cg-a/console ALERT", "0s A1/1/staff.cg-a/webhook ALERT");
    assertThat(h.commands).isEmpty();
    assertThat(h.escalator.tracked()).isZero();
  }

  @Test
  void p1_atNight_pagesTheNightShiftAndTextsFamilyDespiteQuietHours() {
    h.open("A1", RuleId.PANIC, "r-201", EscalationHarness.NIGHT);

    h.runTo(Duration.ofSeconds(180));

    assertThat(h.table())
        .containsExactly(
            "0s A1/1/staff.night/console ALERT",
            "0s A1/1/staff.night/webhook ALERT",
            "60s A1/2/staff.night/console ESCALATION",
            "60s A1/2/staff.night/webhook ESCALATION",
            "60s A1/2/staff.night/sms ESCALATION",
            "60s A1/2/staff.nsup/console ESCALATION",
            "60s A1/2/staff.nsup/sms ESCALATION",
            "180s A1/3/staff.mgr/sms ESCALATION",
            "180s A1/3/family.fam-1/sms ESCALATION",
            "180s A1/3/family.fam-2/sms ESCALATION");
  }

  @Test
  void p1_roomInNoZone_step1ReachesNobodyAndFallsThroughToStep2AtOnce() {
    h.open("A1", RuleId.PANIC, "r-999", EscalationHarness.DAY);

    h.runTo(Duration.ofSeconds(180));

    assertThat(h.steps)
        .extracting(s -> s.step() + ":" + s.recipients() + "@" + h.seconds(s.at()))
        .containsExactly("1:0@0s", "2:3@0s", "3:3@180s");
    assertThat(h.table())
        .startsWith("0s A1/2/staff.cg-a/console ALERT")
        .contains("180s A1/3/staff.mgr/sms ESCALATION");
  }

  @Test
  void p1_nobodyOnDutyAndNoFamily_fallsThroughToTheManagerAtOnceAndRemindsFromThere() {
    h.directory.roster =
        new Roster(
            FakeDirectory.SHANGHAI,
            FakeDirectory.careHome().staff().stream().filter(s -> s.id().equals("mgr")).toList(),
            FakeDirectory.careHome().roomZones());
    h.directory.family.clear();

    h.open("A1", RuleId.PANIC, "r-101", EscalationHarness.DAY);
    h.runTo(Duration.ofSeconds(300));

    assertThat(h.steps)
        .extracting(s -> s.step() + ":" + s.recipients() + "@" + h.seconds(s.at()))
        .containsExactly("1:0@0s", "2:0@0s", "3:1@0s");
    assertThat(h.table())
        .containsExactly(
            "0s A1/3/staff.mgr/sms ALERT",
            "120s A1/3/staff.mgr/sms/r1 REMINDER",
            "240s A1/3/staff.mgr/sms/r2 REMINDER");
  }

  @Test
  void p1_reminder_isAddressedToWhoeverIsOnDutyThen() {
    // Opened 18:56: step 2 at 18:57 reaches the day shift; after 19:00 the night shift is on.
    h.directory.escalation =
        FacilityEscalation.parse(java.util.Map.of("p1.step.3", "", "p1.remind-every", "240s"));
    h.open("A1", RuleId.PANIC, "r-101", EscalationHarness.at("2026-03-10T18:56:00"));

    h.runTo(Duration.ofSeconds(300));

    assertThat(h.table())
        .contains("60s A1/2/staff.sup/sms ESCALATION")
        .contains("300s A1/2/staff.night/sms/r1 REMINDER", "300s A1/2/staff.nsup/sms/r1 REMINDER")
        .noneMatch(s -> s.startsWith("300s") && s.contains("staff.sup/"));
  }

  private NotificationIntent find(String key) {
    return h.intents.stream().filter(i -> i.dedupKey().equals(key)).findFirst().orElseThrow();
  }
}
