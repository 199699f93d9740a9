package anxin.alerting.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import anxin.alerting.NotificationIntent;
import anxin.alerting.notify.Channel;
import anxin.alerting.notify.MessageKind;
import anxin.alerting.notify.OutgoingMessage;
import anxin.alerting.notify.Param;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntentMappingTest {

  private static final Instant T0 = Instant.parse("2026-11-29T02:00:00Z");

  @Test
  void toMessage_staffPage_carriesKeyChannelAddressAndAlertParams() {
    OutgoingMessage m = IntentMapping.toMessage(Intents.sms("A1", "st-7", T0));

    assertThat(m.dedupKey()).isEqualTo("A1/1/staff.st-7/sms");
    assertThat(m.channel()).isEqualTo(Channel.SMS);
    assertThat(m.address()).isEqualTo(Intents.PHONE);
    assertThat(m.language()).isEqualTo("zh-CN");
    assertThat(m.kind()).isEqualTo(MessageKind.ALERT);
    assertThat(m.params())
        .isEqualTo(
            Map.of(
                Param.SEVERITY.key(), "P1",
                Param.RULE.key(), "fall",
                Param.FACILITY.key(), "fac-1",
                Param.ALERT_ID.key(), "A1",
                Param.ROOM.key(), "302",
                Param.RESIDENT_CODE.key(), "R0231"));
  }

  @Test
  void toMessage_resolvedFamily_carriesOutcomeAndLeavesOutAbsentRoomAndResident() {
    OutgoingMessage m = IntentMapping.toMessage(Intents.resolvedFamily("A1", T0));

    assertThat(m.kind()).isEqualTo(MessageKind.RESOLVED_FAMILY);
    assertThat(m.language()).isEqualTo("en");
    assertThat(m.param(Param.OUTCOME)).isEqualTo("assisted");
    assertThat(m.params()).doesNotContainKeys(Param.ROOM.key(), Param.RESIDENT_CODE.key());
  }

  @Test
  void channel_everyIntentChannel_mapsToTheSameNamedChannel() {
    for (NotificationIntent.Channel c : NotificationIntent.Channel.values()) {
      assertThat(IntentMapping.channel(c).name()).isEqualTo(c.name());
      assertThat(IntentMapping.storedName(IntentMapping.channel(c))).isEqualTo(c.wireName());
      assertThat(IntentMapping.channelFromStored(c.wireName())).isEqualTo(IntentMapping.channel(c));
    }
  }

  @Test
  void kind_everyIntentKind_mapsToTheSameNamedKind() {
    for (NotificationIntent.MessageKind k : NotificationIntent.MessageKind.values()) {
      assertThat(IntentMapping.kind(k).name()).isEqualTo(k.name());
    }
  }

  @Test
  void toMessage_unsupportedLanguage_throwsNamingIt() {
    NotificationIntent i = Intents.sms("A1", "st-7", T0);
    NotificationIntent fr =
        new NotificationIntent(
            i.dedupKey(),
            i.alertId(),
            i.facility(),
            i.rule(),
            i.severity(),
            i.room(),
            i.resident(),
            i.step(),
            i.reminder(),
            i.recipient(),
            i.channel(),
            i.kind(),
            "fr",
            i.outcome(),
            i.due());

    assertThatThrownBy(() -> IntentMapping.toMessage(fr)).hasMessageContaining("fr");
  }

  @Test
  void scrub_phoneNumberInReason_isMaskedAndLengthBounded() {
    assertThat(JdbcOutbox.scrub("rejected +8613812341234 by gateway"))
        .isEqualTo("rejected <number> by gateway");
    assertThat(JdbcOutbox.scrub("HTTP 503")).isEqualTo("HTTP 503");
    assertThat(JdbcOutbox.scrub("x".repeat(1000))).hasSize(300);
  }
}
