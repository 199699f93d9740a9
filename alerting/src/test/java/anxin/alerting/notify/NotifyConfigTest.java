package anxin.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifyConfigTest {

  @Test
  void defaults_matchTheTable() {
    NotifyConfig c = NotifyConfig.defaults();

    assertThat(c.residentDisplay()).isEqualTo(ResidentDisplay.INITIALS);
    assertThat(c.sms()).isEqualTo(NotifyConfig.SmsGateway.NONE);
    assertThat(c.httpSms()).isNull();
    assertThat(c.smpp()).isNull();
    assertThat(c.webhook().timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.webhook().maxInFlight()).isEqualTo(8);
    assertThat(c.webhook().targets()).isEmpty();
    assertThat(c.consoleMaxQueued()).isEqualTo(10000);
  }

  @Test
  void parse_smpp_readsEveryKey() {
    SmppConfig s =
        NotifyConfig.parse(
                Map.of(
                    "notify.sms", "smpp",
                    "sms.smpp.host", "smsc.example",
                    "sms.smpp.system-id", "anxin",
                    "sms.smpp.bind", "transceiver",
                    "sms.smpp.source-ton", "5",
                    "sms.smpp.enquire-link", "PT15S"))
            .smpp();

    assertThat(s.host()).isEqualTo("smsc.example");
    assertThat(s.port()).isEqualTo(2775);
    assertThat(s.transceiver()).isTrue();
    assertThat(s.sourceTon()).isEqualTo(5);
    assertThat(s.enquireLink()).isEqualTo(Duration.ofSeconds(15));
    assertThat(s.toString()).doesNotContain("password");
  }

  @Test
  void parse_reportsEveryProblemAtOnce_withoutRepeatingSecrets() {
    InvalidNotifyConfigException e =
        catchThrowableOfType(
            InvalidNotifyConfigException.class,
            () ->
                NotifyConfig.parse(
                    Map.of(
                        "notify.sms", "http",
                        "notify.resident-display", "nickname",
                        "sms.http.body", "{\"to\":\"{phone}\"}",
                        "webhook.timeout", "soon",
                        "webhook.max-in-flight", "0",
                        "webhook.ding.url", "ftp://x?access_token=T0KEN",
                        "webhook.ding.format", "dingding",
                        "webhook.plain.url", "https://example/hook",
                        "webhook.plain.secret", "SECxyz",
                        "sms.smpp.port", "70000")));

    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "notify.resident-display is not one of code, full_name, initials: nickname",
            "sms.http.url is required when notify.sms is http",
            "sms.http.body must contain {phone} and {text}: {\"to\":\"{phone}\"}",
            "webhook.timeout is not a positive duration (500ms, 30s, 15min, 1h, PT30S): soon",
            "webhook.max-in-flight is not an integer in 1..2147483647: 0",
            "webhook.ding.url is not an http(s) URL",
            "webhook.ding.format is not one of dingtalk, generic, wecom: dingding",
            "webhook.plain.secret is for dingtalk targets only",
            "sms.smpp.port is not an integer in 1..65535: 70000");
    assertThat(e.getMessage()).doesNotContain("T0KEN", "SECxyz");
  }

  @Test
  void parse_unknownKeyAndBadJsonBody_areProblems() {
    InvalidNotifyConfigException e =
        catchThrowableOfType(
            InvalidNotifyConfigException.class,
            () ->
                NotifyConfig.parse(
                    Map.of(
                        "sms.http.bodyy",
                        "x",
                        "sms.http.body",
                        "{\"p\":{phone},\"t\":\"{text}\"")));

    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "sms.http.body is not JSON once filled in: {\"p\":{phone},\"t\":\"{text}\"",
            "unknown key: sms.http.bodyy");
  }

  @Test
  void docs_haveTheGeneratedTable() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "alerting-channels.md"));

    assertThat(docs).contains(NotifySetting.markdownTable());
  }
}
