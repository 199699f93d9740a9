package anxin.alerting.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import anxin.alerting.NotificationIntent.Channel;
import anxin.alerting.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FacilityEscalationTest {

  @Test
  void defaults_p1_matchDesignSection5() {
    EscalationPolicy p1 = FacilityEscalation.defaults().policy(Severity.P1);

    assertThat(p1.steps())
        .containsExactly(
            new EscalationStep(
                Duration.ZERO,
                Set.of(Audience.ZONE_CAREGIVERS),
                Set.of(Channel.CONSOLE, Channel.WEBHOOK)),
            new EscalationStep(
                Duration.ofSeconds(60),
                Set.of(Audience.ON_DUTY_STAFF, Audience.SUPERVISOR),
                Set.of(Channel.CONSOLE, Channel.WEBHOOK, Channel.SMS)),
            new EscalationStep(
                Duration.ofSeconds(180),
                Set.of(Audience.MANAGERS, Audience.FAMILY),
                Set.of(Channel.SMS)));
    assertThat(p1.remindEvery()).isEqualTo(Duration.ofSeconds(120));
    assertThat(p1.smsAtNight()).isTrue();
  }

  @Test
  void defaults_p2AndP3() {
    FacilityEscalation d = FacilityEscalation.defaults();

    assertThat(d.policy(Severity.P2).steps())
        .extracting(EscalationStep::delay)
        .containsExactly(Duration.ZERO, Duration.ofSeconds(180), Duration.ofSeconds(600));
    assertThat(d.policy(Severity.P2).remindEvery()).isEqualTo(Duration.ofSeconds(600));
    assertThat(d.policy(Severity.P3).steps())
        .containsExactly(
            new EscalationStep(
                Duration.ZERO, Set.of(Audience.ON_DUTY_STAFF), Set.of(Channel.CONSOLE)));
    assertThat(d.policy(Severity.P3).reminds()).isFalse();
    assertThat(d.policy(Severity.P3).smsAtNight()).isFalse();
    assertThat(d.language()).isEqualTo("zh-CN");
    assertThat(d.familyQuietHours()).isEqualTo(DailyWindow.parse("22:00-07:00"));
  }

  @Test
  void parse_extraStepAndRemovedStep_renumberNothing() {
    FacilityEscalation f =
        FacilityEscalation.parse(
            Map.of(
                "p1.step.4", "15min; managers; sms",
                "p2.step.3", "",
                "p2.remind-every", "0s"));

    assertThat(f.policy(Severity.P1).steps()).hasSize(4);
    assertThat(f.policy(Severity.P1).step(4).delay()).isEqualTo(Duration.ofMinutes(15));
    assertThat(f.policy(Severity.P2).steps()).hasSize(2);
    assertThat(f.policy(Severity.P2).reminds()).isFalse();
  }

  @Test
  void parse_manyProblems_reportsEveryOneAtOnce() {
    Map<String, String> bad =
        Map.of(
            "language", "fr",
            "family.quiet-hours", "late",
            "p1.step.1", "soon; on_duty_staff; console",
            "p1.step.3", "30s; managers; sms",
            "p2.step.1", "0s; neighbours; pigeon",
            "p2.step.5", "1h; managers; sms",
            "p3.remind-every", "-1s",
            "p1.sms-at-night", "false",
            "p3.sms-at-night", "maybe",
            "p4.step.1", "0s; managers; sms");

    assertThatThrownBy(() -> FacilityEscalation.parse(bad))
        .isInstanceOfSatisfying(
            InvalidEscalationException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p).contains("language").contains("fr"))
                    .anySatisfy(p -> assertThat(p).contains("family.quiet-hours").contains("late"))
                    .anySatisfy(p -> assertThat(p).contains("p1.step.1").contains("soon"))
                    .anySatisfy(p -> assertThat(p).contains("p1.step.3 is due before"))
                    .anySatisfy(p -> assertThat(p).contains("p2.step.1").contains("neighbours"))
                    .anySatisfy(p -> assertThat(p).contains("p2.step.1").contains("pigeon"))
                    .anySatisfy(p -> assertThat(p).contains("p2.step.5 is set but p2.step.4"))
                    .anySatisfy(p -> assertThat(p).contains("p3.remind-every").contains("-1s"))
                    .anySatisfy(p -> assertThat(p).contains("p1.sms-at-night"))
                    .anySatisfy(p -> assertThat(p).contains("p3.sms-at-night").contains("maybe"))
                    .anySatisfy(p -> assertThat(p).isEqualTo("unknown key: p4.step.1")));
  }

  @Test
  void parse_policyWithoutSteps_isAProblem() {
    assertThatThrownBy(() -> FacilityEscalation.parse(Map.of("p3.step.1", " ")))
        .isInstanceOf(InvalidEscalationException.class)
        .hasMessageContaining("p3.step.1 is missing");
  }

  @Test
  void defaults_p3Digest_at8ToManagersOnConsoleAndWebhook() {
    DigestPolicy d = FacilityEscalation.defaults().digest();

    assertThat(d.enabled()).isTrue();
    assertThat(d.at()).isEqualTo(LocalTime.of(8, 0));
    assertThat(d.to()).containsExactly(Audience.MANAGERS);
    assertThat(d.channels()).containsExactlyInAnyOrder(Channel.CONSOLE, Channel.WEBHOOK);
  }

  @Test
  void parse_p3Digest_timeAudiencesChannelsAndNone() {
    FacilityEscalation f =
        FacilityEscalation.parse(
            Map.of(
                "p3.digest-at", "07:30",
                "p3.digest-to", "supervisor, managers",
                "p3.digest-channels", "webhook"));

    assertThat(f.digest().at()).isEqualTo(LocalTime.of(7, 30));
    assertThat(f.digest().to()).containsExactlyInAnyOrder(Audience.SUPERVISOR, Audience.MANAGERS);
    assertThat(f.digest().channels()).containsExactly(Channel.WEBHOOK);
    assertThat(FacilityEscalation.parse(Map.of("p3.digest-at", "none")).digest().enabled())
        .isFalse();
  }

  @Test
  void parse_p3DigestBySmsOrToFamily_isRefusedWithEveryProblem() {
    Map<String, String> bad =
        Map.of(
            "p3.digest-at", "8am",
            "p3.digest-to", "family,zone_caregivers,neighbours",
            "p3.digest-channels", "console,sms");

    assertThatThrownBy(() -> FacilityEscalation.parse(bad))
        .isInstanceOfSatisfying(
            InvalidEscalationException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p).contains("p3.digest-at").contains("8am"))
                    .anySatisfy(p -> assertThat(p).contains("p3.digest-to").contains("neighbours"))
                    .anySatisfy(p -> assertThat(p).contains("p3.digest-channels").contains("sms")));
    assertThatThrownBy(() -> FacilityEscalation.parse(Map.of("p3.digest-to", "family")))
        .hasMessageContaining("p3.digest-to may name managers, supervisor, on_duty_staff: family");
    assertThatThrownBy(() -> FacilityEscalation.parse(Map.of("p3.digest-channels", "sms")))
        .hasMessageContaining("never sms");
    assertThatThrownBy(() -> FacilityEscalation.parse(Map.of("p3.digest-channels", " ")))
        .hasMessageContaining("p3.digest-channels names no channel");
  }

  @Test
  void digestRecipients_managersOffDutyAndOnDutySupervisorsAtTheInstant() {
    DigestPolicy d =
        FacilityEscalation.parse(Map.of("p3.digest-to", "on_duty_staff,supervisor,managers"))
            .digest();
    Instant morning = Instant.parse("2026-11-29T00:30:00Z"); // 08:30 in Shanghai
    Instant night = Instant.parse("2026-11-29T14:00:00Z"); // 22:00

    assertThat(d.recipients(FakeDirectory.careHome(), morning))
        .extracting(Staff::id)
        .containsExactly("mgr", "sup", "cg-a", "cg-b");
    assertThat(d.recipients(FakeDirectory.careHome(), night))
        .extracting(Staff::id)
        .containsExactly("mgr", "nsup", "night");
    assertThat(FacilityEscalation.defaults().digest().recipients(FakeDirectory.careHome(), night))
        .extracting(Staff::id)
        .containsExactly("mgr");
  }

  @Test
  void everySettingDefault_parses() {
    for (EscalationSetting s : EscalationSetting.values()) {
      FacilityEscalation.parse(Map.of(s.key(), s.defaultValue()));
    }
    assertThat(FacilityEscalation.parse(Map.of())).isEqualTo(FacilityEscalation.defaults());
  }

  @Test
  void docs_configurationTable_isGeneratedFromEscalationSetting() throws IOException {
    String doc =
        Files.readString(Path.of("..", "docs", "alerting-escalation.md"), StandardCharsets.UTF_8);

    assertThat(doc)
        .as("docs/alerting-escalation.md must contain EscalationSetting.markdownTable() verbatim")
        .contains(EscalationSetting.markdownTable());
    assertThat(List.of(EscalationSetting.Unit.values()))
        .allSatisfy(u -> assertThat(doc).contains(u.format()));
  }
}
