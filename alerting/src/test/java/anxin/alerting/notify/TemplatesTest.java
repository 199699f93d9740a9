package anxin.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import anxin.alerting.RuleId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TemplatesTest {

  private static final List<String> LANGUAGES = List.of(OutgoingMessage.ZH_CN, OutgoingMessage.EN);

  /** Every param, with the longest values we expect in practice. */
  private static Map<String, String> everything(String facility) {
    Map<String, String> p = Messages.fallParams();
    p.put(Param.FACILITY.key(), facility);
    if (SmsText.isGsm7(facility)) {
      // An English message stays GSM 7-bit only with Latin names.
      p.put(Param.RESIDENT_INITIALS.key(), "Z.X.Y.");
      p.put(Param.RESIDENT_NAME.key(), Messages.FULL_NAME_EN);
    }
    p.put(Param.ROOM.key(), "3F-302B");
    p.put(Param.RULE.key(), "not_back_in_bed");
    p.put(Param.ALERT_ID.key(), "A12345678");
    p.put(Param.DELAY_SECONDS.key(), "125");
    p.put(Param.UNACKED_MINUTES.key(), "12");
    p.put(Param.OUTCOME.key(), "transferred_to_hospital");
    p.put(Param.DATE.key(), "2026-11-29");
    p.put(Param.COUNT.key(), "17");
    p.put(Param.OPEN.key(), "3");
    p.put(Param.BY_RULE.key(), "device_silent=12/2,battery_low=4/1,door_left_open=1/0");
    return p;
  }

  private static Map<String, String> required(MessageKind kind) {
    Map<String, String> p = new HashMap<>();
    switch (kind) {
      case ALERT, ESCALATION, REMINDER -> {
        p.put(Param.SEVERITY.key(), "P2");
        p.put(Param.RULE.key(), "night_exit");
        p.put(Param.ALERT_ID.key(), "A9");
      }
      case RESOLVED_FAMILY -> {
        p.put(Param.RULE.key(), "fall");
        p.put(Param.OUTCOME.key(), "assisted");
      }
      case DAILY_DIGEST -> {
        p.put(Param.DATE.key(), "2026-11-29");
        p.put(Param.COUNT.key(), "4");
      }
    }
    return p;
  }

  @ParameterizedTest
  @EnumSource(MessageKind.class)
  void render_everyKindAndLanguage_leavesNoPlaceholderAndFitsOneSegment(MessageKind kind) {
    for (String language : LANGUAGES) {
      String facility = language.equals("en") ? "Sunshine Care Home" : "阳光颐养院";
      for (Map<String, String> params : List.of(everything(facility), required(kind))) {
        Templates.Rendered r = Templates.defaults().render(kind, language, params);

        assertThat(r.text() + r.title())
            .as("%s %s", kind, language)
            .doesNotContain("{", "}", "null", "_")
            .isNotBlank();
        if (kind != MessageKind.DAILY_DIGEST) { // never by SMS
          assertThat(SmsText.fitsOneSegment(r.text()))
              .as("%s %s (%d units): %s", kind, language, SmsText.units(r.text()), r.text())
              .isTrue();
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"zh-CN", "en"})
  void render_longFacilityName_isShortenedToOneSegment(String language) {
    String facility =
        language.equals("en")
            ? "The Very Long Named Riverside Garden Senior Living and Nursing Community"
            : "上海市浦东新区阳光花园社区养老服务中心第二护理院";
    for (MessageKind kind : MessageKind.values()) {
      String text = Templates.defaults().render(kind, language, everything(facility)).text();

      if (kind == MessageKind.DAILY_DIGEST) {
        assertThat(text).as("the digest is never sent by SMS: not shortened").contains(facility);
      } else {
        assertThat(SmsText.fitsOneSegment(text)).as("%s: %s", kind, text).isTrue();
      }
    }
  }

  @Test
  void render_zhDigest_countsByRuleWithTheOpenOnes() {
    Map<String, String> p = digestParams("阳光颐养院");

    Templates.Rendered r = Templates.defaults().render(MessageKind.DAILY_DIGEST, "zh-CN", p);

    assertThat(r.title()).isEqualTo("技术告警日报 2026-11-29");
    assertThat(r.text()).isEqualTo("【阳光颐养院】过去24小时技术告警4条,未处理1条。设备失联3条(未处理1)、电量低1条。详情见控制台。");
    assertThat(r.link()).isNull();
  }

  @Test
  void render_enDigest_countsByRuleWithTheOpenOnes() {
    Map<String, String> p = digestParams("Sunshine Care");

    Templates.Rendered r = Templates.defaults().render(MessageKind.DAILY_DIGEST, "en", p);

    assertThat(r.title()).isEqualTo("Technical alerts 2026-11-29");
    assertThat(r.text())
        .isEqualTo(
            "Sunshine Care: 4 technical alerts in the last 24 h, 1 still open. Device silent 3"
                + " (1 open), Battery low 1. Details on the console.");
  }

  @Test
  void render_digestOfOneAlertWithoutBreakdown_readsAsExpected() {
    Map<String, String> p = new HashMap<>();
    p.put(Param.DATE.key(), "2026-11-29");
    p.put(Param.COUNT.key(), "1");

    assertThat(Templates.defaults().render(MessageKind.DAILY_DIGEST, "en", p).text())
        .isEqualTo("1 technical alert in the last 24 h. Details on the console.");
    assertThat(Templates.defaults().render(MessageKind.DAILY_DIGEST, "zh-CN", p).text())
        .isEqualTo("过去24小时技术告警1条。详情见控制台。");
  }

  @Test
  void render_digestWithUnreadableBreakdown_namesTheKey() {
    Map<String, String> p = Messages.with(digestParams("Sun"), Param.BY_RULE, "device_silent=3");

    assertThatThrownBy(() -> Templates.defaults().render(MessageKind.DAILY_DIGEST, "en", p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("by_rule is not <rule>=<opened>/<open>,...: device_silent=3");
  }

  private static Map<String, String> digestParams(String facility) {
    Map<String, String> p = new HashMap<>();
    p.put(Param.FACILITY.key(), facility);
    p.put(Param.DATE.key(), "2026-11-29");
    p.put(Param.COUNT.key(), "4");
    p.put(Param.OPEN.key(), "1");
    p.put(Param.BY_RULE.key(), "device_silent=3/1,battery_low=1/0");
    return p;
  }

  @Test
  void render_zhAlert_readsAsExpected() {
    Map<String, String> p = Messages.with(Messages.fallParams(), Param.DELAY_SECONDS, "125");

    Templates.Rendered r = Templates.defaults().render(MessageKind.ALERT, "zh-CN", p);

    assertThat(r.title()).isEqualTo("紧急:跌倒");
    assertThat(r.text()).isEqualTo("【紧急】跌倒:阳光颐养院302室,住户张某(晚到2分钟)。请立即查看,告警号A1234");
    assertThat(SmsText.isGsm7(r.text())).isFalse();
    assertThat(r.text().length()).isLessThanOrEqualTo(SmsText.UCS2_SINGLE);
    assertThat(r.link()).isEqualTo("https://console.example/alerts/A1234");
  }

  @Test
  void render_enEscalation_isGsm7AndReadsAsExpected() {
    Map<String, String> p = Messages.fallParams();
    p.put(Param.FACILITY.key(), "Sunshine Care");
    p.put(Param.RESIDENT_INITIALS.key(), "M.H.");
    p.put(Param.UNACKED_MINUTES.key(), "3");

    Templates.Rendered r = Templates.defaults().render(MessageKind.ESCALATION, "en", p);

    assertThat(r.title()).isEqualTo("Escalated: Urgent Fall");
    assertThat(r.text())
        .isEqualTo(
            "[Urgent, escalated] Fall: Sunshine Care, room 302, resident M.H., not acknowledged"
                + " for 3 min. Please respond now. Alert A1234");
    assertThat(SmsText.isGsm7(r.text())).isTrue();
    assertThat(SmsText.units(r.text())).isLessThanOrEqualTo(SmsText.GSM7_SINGLE);
  }

  @Test
  void render_byDefault_neverShowsTheFullName() {
    for (MessageKind kind : MessageKind.values()) {
      for (String language : LANGUAGES) {
        Templates.Rendered zh = Templates.defaults().render(kind, language, everything("阳光"));
        Templates.Rendered en = Templates.defaults().render(kind, language, everything("Sun"));

        assertThat(zh.text() + zh.title()).doesNotContain(Messages.FULL_NAME);
        assertThat(en.text() + en.title()).doesNotContain(Messages.FULL_NAME_EN);
      }
    }
  }

  @Test
  void render_englishWithChineseName_becomesUcs2AndDropsTheFacilityToFit() {
    Map<String, String> p = Messages.fallParams();
    p.put(Param.FACILITY.key(), "Sunshine Care Home");

    String text = Templates.defaults().render(MessageKind.ALERT, "en", p).text();

    assertThat(SmsText.isGsm7(text)).isFalse();
    assertThat(text)
        .isEqualTo("[Urgent] Fall: room 302, resident 张某. Please check now. Alert A1234");
    assertThat(text.length()).isLessThanOrEqualTo(SmsText.UCS2_SINGLE);
  }

  @Test
  void resident_followsTheConfiguredDisplay() {
    Map<String, String> p = Messages.fallParams();

    assertThat(new Templates(ResidentDisplay.CODE).resident(p)).isEqualTo("R0231");
    assertThat(new Templates(ResidentDisplay.INITIALS).resident(p)).isEqualTo("张某");
    assertThat(new Templates(ResidentDisplay.FULL_NAME).resident(p)).isEqualTo(Messages.FULL_NAME);
    p.remove(Param.RESIDENT_INITIALS.key());
    assertThat(new Templates(ResidentDisplay.INITIALS).resident(p)).isEqualTo("R0231");
    p.remove(Param.RESIDENT_CODE.key());
    assertThat(new Templates(ResidentDisplay.CODE).resident(p)).isNull();
  }

  @Test
  void render_fullNameConfigured_showsIt() {
    Templates.Rendered r =
        new Templates(ResidentDisplay.FULL_NAME)
            .render(
                MessageKind.RESOLVED_FAMILY,
                "zh-CN",
                Messages.with(Messages.fallParams(), Param.OUTCOME, "false_alarm"));

    assertThat(r.text()).isEqualTo("【阳光颐养院】您的家人张秀英的跌倒告警已处理:误报。如有疑问请联系护理站。");
  }

  @Test
  void render_everyRuleAndOutcome_hasWordsInBothLanguages() {
    for (RuleId rule : RuleId.values()) {
      assertThat(Words.knowsRule(rule.wireName())).as(rule.wireName()).isTrue();
    }
    for (String outcome :
        List.of(
            "assisted",
            "false_alarm",
            "cancelled_by_resident",
            "transferred_to_hospital",
            "auto_cleared",
            "other")) {
      assertThat(Words.knowsOutcome(outcome)).as(outcome).isTrue();
    }
    assertThat(Words.rule("panic", true)).isEqualTo("紧急呼叫");
    assertThat(Words.rule("night_exit", false)).isEqualTo("Night exit");
  }

  @Test
  void render_unknownRule_showsItsNameWithoutUnderscores() {
    Map<String, String> p = Messages.with(Messages.fallParams(), Param.RULE, "water_leak");

    assertThat(Templates.defaults().render(MessageKind.ALERT, "en", p).title())
        .isEqualTo("Urgent: water leak");
  }

  @Test
  void render_delayAges_inBothLanguages() {
    assertThat(Words.age(45, true)).isEqualTo("45秒");
    assertThat(Words.age(3600 * 2 + 5, false)).isEqualTo("2 h");
    assertThat(Words.age(60, false)).isEqualTo("1 min");
  }

  @Test
  void render_missingRequiredParam_namesTheKey() {
    Map<String, String> p = Messages.fallParams();
    p.remove(Param.ALERT_ID.key());

    assertThatThrownBy(() -> Templates.defaults().render(MessageKind.ALERT, "en", p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("missing template parameter: alert_id");
    assertThatThrownBy(
            () ->
                Templates.defaults()
                    .render(
                        MessageKind.ALERT,
                        "en",
                        Messages.with(Messages.fallParams(), Param.DELAY_SECONDS, "soon")))
        .hasMessage("delay_s is not a whole number: soon");
    assertThatThrownBy(
            () -> Templates.defaults().render(MessageKind.ALERT, "fr", Messages.fallParams()))
        .hasMessage("unsupported language (zh-CN, en): fr");
  }
}
