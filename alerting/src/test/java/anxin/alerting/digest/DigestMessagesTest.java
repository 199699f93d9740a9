package anxin.alerting.digest;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.RuleId;
import anxin.alerting.escalation.FacilityEscalation;
import anxin.alerting.escalation.FakeDirectory;
import anxin.alerting.escalation.Role;
import anxin.alerting.escalation.Roster;
import anxin.alerting.escalation.Shift;
import anxin.alerting.escalation.Staff;
import anxin.alerting.notify.Channel;
import anxin.alerting.notify.MessageKind;
import anxin.alerting.notify.OutgoingMessage;
import anxin.alerting.notify.Param;
import anxin.alerting.notify.Templates;
import anxin.alerting.outbox.JdbcOutbox.Standalone;
import anxin.alerting.store.JdbcAlertStore.Facility;
import anxin.alerting.store.JdbcAlertStore.RuleCount;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DigestMessagesTest {

  private static final Facility FUYUAN = new Facility("fuyuan", "福园养老院");
  private static final DigestSlot SLOT =
      DigestSlot.latest(
          LocalTime.of(8, 0), FakeDirectory.SHANGHAI, Instant.parse("2026-11-29T00:00:00Z"));
  private static final List<RuleCount> COUNTS =
      List.of(
          new RuleCount(RuleId.DEVICE_SILENT, 3, 1),
          new RuleCount(RuleId.BATTERY_LOW, 2, 0),
          new RuleCount(RuleId.DOOR_LEFT_OPEN, 1, 1));

  @Test
  void compose_defaults_onlyTheManagerOnTheConsoleInTheirLanguage() {
    List<Standalone> rows =
        DigestMessages.compose(
            FUYUAN, SLOT, COUNTS, FacilityEscalation.defaults(), FakeDirectory.careHome());

    assertThat(rows).hasSize(1); // mgr has no webhook target and SMS is never used
    Standalone r = rows.get(0);
    assertThat(r.message().dedupKey()).isEqualTo("digest/fuyuan/2026-11-29/staff.mgr/console");
    assertThat(r.alertId()).isEqualTo("digest-fuyuan-2026-11-29");
    assertThat(r.facility()).isEqualTo("fuyuan");
    assertThat(r.recipientKey()).isEqualTo("staff.mgr");
    assertThat(r.due()).isEqualTo(SLOT.until());
    OutgoingMessage m = r.message();
    assertThat(m.channel()).isEqualTo(Channel.CONSOLE);
    assertThat(m.address()).isEqualTo("mgr");
    assertThat(m.language()).isEqualTo("en");
    assertThat(m.kind()).isEqualTo(MessageKind.DAILY_DIGEST);
    assertThat(m.params())
        .containsEntry(Param.FACILITY.key(), "福园养老院")
        .containsEntry(Param.DATE.key(), "2026-11-29")
        .containsEntry(Param.COUNT.key(), "6")
        .containsEntry(Param.OPEN.key(), "2")
        .containsEntry(Param.BY_RULE.key(), "device_silent=3/1,battery_low=2/0,door_left_open=1/1");
  }

  @Test
  void compose_onDutyStaffOnBothChannels_neverSms_andASharedRobotOnce() {
    FacilityEscalation config =
        FacilityEscalation.parse(
            Map.of("p3.digest-to", "on_duty_staff", "p3.digest-channels", "console,webhook"));
    Shift day = Shift.daily("07:00-19:00");
    Roster roster =
        new Roster(
            FakeDirectory.SHANGHAI,
            List.of(
                new Staff(
                    "a", Set.of(Role.CAREGIVER), Set.of(), "+861", "group", null, List.of(day)),
                new Staff(
                    "b", Set.of(Role.CAREGIVER), Set.of(), "+862", "group", "en", List.of(day)),
                new Staff(
                    "c", Set.of(Role.SUPERVISOR), Set.of(), "+863", "own", null, List.of(day)),
                new Staff(
                    "n",
                    Set.of(Role.CAREGIVER),
                    Set.of(),
                    "+864",
                    "n-hook",
                    null,
                    List.of(Shift.daily("19:00-07:00")))),
            Map.of());

    List<Standalone> rows = DigestMessages.compose(FUYUAN, SLOT, COUNTS, config, roster);

    assertThat(rows)
        .extracting(r -> r.message().dedupKey())
        .containsExactly(
            "digest/fuyuan/2026-11-29/staff.a/console",
            "digest/fuyuan/2026-11-29/staff.a/webhook",
            "digest/fuyuan/2026-11-29/staff.b/console",
            "digest/fuyuan/2026-11-29/staff.c/console",
            "digest/fuyuan/2026-11-29/staff.c/webhook");
    assertThat(rows).noneMatch(r -> r.message().channel() == Channel.SMS);
    assertThat(rows).extracting(r -> r.message().language()).containsOnly("zh-CN", "en");
    assertThat(rows.get(2).message().language()).isEqualTo("en");
  }

  @Test
  void compose_noAlertsInThePeriod_sendsNothing() {
    assertThat(
            DigestMessages.compose(
                FUYUAN, SLOT, List.of(), FacilityEscalation.defaults(), FakeDirectory.careHome()))
        .isEmpty();
  }

  @Test
  void compose_digestOff_sendsNothing() {
    FacilityEscalation off = FacilityEscalation.parse(Map.of("p3.digest-at", "none"));

    assertThat(DigestMessages.compose(FUYUAN, SLOT, COUNTS, off, FakeDirectory.careHome()))
        .isEmpty();
  }

  @Test
  void compose_sameInputTwice_sameKeys() {
    FacilityEscalation config =
        FacilityEscalation.parse(Map.of("p3.digest-to", "managers,on_duty_staff"));

    List<String> first =
        DigestMessages.compose(FUYUAN, SLOT, COUNTS, config, FakeDirectory.careHome()).stream()
            .map(r -> r.message().dedupKey())
            .toList();
    List<String> second =
        DigestMessages.compose(FUYUAN, SLOT, COUNTS, config, FakeDirectory.careHome()).stream()
            .map(r -> r.message().dedupKey())
            .toList();

    assertThat(first).isNotEmpty().isEqualTo(second).doesNotHaveDuplicates();
  }

  @Test
  void compose_thenRender_bothLanguagesCountByRuleAndNameNoResident() {
    FacilityEscalation config =
        FacilityEscalation.parse(Map.of("p3.digest-to", "managers,on_duty_staff"));
    List<Standalone> rows =
        DigestMessages.compose(FUYUAN, SLOT, COUNTS, config, FakeDirectory.careHome());

    Templates.Rendered en = render(rows, "en");
    Templates.Rendered zh = render(rows, "zh-CN");

    assertThat(en.title()).isEqualTo("Technical alerts 2026-11-29");
    assertThat(en.text())
        .isEqualTo(
            "福园养老院: 6 technical alerts in the last 24 h, 2 still open. Device silent 3 (1"
                + " open), Battery low 2, Door left open 1 (1 open). Details on the console.");
    assertThat(zh.title()).isEqualTo("技术告警日报 2026-11-29");
    assertThat(zh.text())
        .isEqualTo("【福园养老院】过去24小时技术告警6条,未处理2条。设备失联3条(未处理1)、电量低2条、门未关1条(未处理1)。详情见控制台。");
  }

  private static Templates.Rendered render(List<Standalone> rows, String language) {
    OutgoingMessage m =
        rows.stream()
            .map(Standalone::message)
            .filter(x -> x.language().equals(language))
            .findFirst()
            .orElseThrow();
    return Templates.defaults().render(m);
  }
}
