package anxin.alerting.notify.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.notify.Channel;
import anxin.alerting.notify.Delivery;
import anxin.alerting.notify.Messages;
import anxin.alerting.notify.NotifyConfig;
import anxin.alerting.notify.OutgoingMessage;
import anxin.alerting.notify.RecordingHttpServer;
import anxin.alerting.notify.Templates;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookSenderTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "SECtest0123456789";
  private static final Instant NOW = Instant.parse("2026-11-29T14:03:00Z");

  private RecordingHttpServer robot;
  private WebhookSender sender;

  @BeforeEach
  void start() throws Exception {
    robot = new RecordingHttpServer();
  }

  @AfterEach
  void stop() {
    if (sender != null) {
      sender.close();
    }
    robot.close();
  }

  private WebhookSender sender(Map<String, String> extra) {
    Map<String, String> s = new HashMap<>();
    s.put("webhook.night.url", robot.url("/hook").toString());
    s.put("webhook.night.authorization", "Bearer t0k");
    s.put("webhook.ding.url", robot.url("/robot/send?access_token=abc").toString());
    s.put("webhook.ding.format", "dingtalk");
    s.put("webhook.ding.secret", SECRET);
    s.put("webhook.dingtext.url", robot.url("/robot/send?access_token=def").toString());
    s.put("webhook.dingtext.format", "dingtalk");
    s.put("webhook.dingtext.style", "text");
    s.put("webhook.wecom.url", robot.url("/cgi-bin/webhook/send?key=k1").toString());
    s.put("webhook.wecom.format", "wecom");
    s.put("webhook.wecomtext.url", robot.url("/cgi-bin/webhook/send?key=k2").toString());
    s.put("webhook.wecomtext.format", "wecom");
    s.put("webhook.wecomtext.style", "text");
    // generous: a loaded 2-core machine can take a second over a first request; the timeout test
    // sets its own
    s.put("webhook.timeout", "10s");
    s.putAll(extra);
    sender =
        new WebhookSender(
            NotifyConfig.parse(s).webhook(),
            Templates.defaults(),
            Clock.fixed(NOW, ZoneOffset.UTC));
    return sender;
  }

  private static Delivery await(CompletableFuture<Delivery> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  private static OutgoingMessage to(String target, String language) {
    return Messages.fall(Channel.WEBHOOK, target, language);
  }

  @Test
  void generic_postsJsonWithAuthorization_andIsDeliveredOn2xx() throws Exception {
    robot.answer(204, "");

    Delivery d = await(sender(Map.of()).send(to("night", "en")));

    assertThat(d.isDelivered()).isTrue();
    RecordingHttpServer.Request req = robot.only();
    assertThat(req.method()).isEqualTo("POST");
    assertThat(req.header("Authorization")).isEqualTo("Bearer t0k");
    assertThat(req.header("Content-Type")).startsWith("application/json");
    JsonNode body = JSON.readTree(req.body());
    assertThat(body.get("alert").asText()).isEqualTo("A1234");
    assertThat(body.get("severity").asText()).isEqualTo("P1");
    assertThat(body.get("rule").asText()).isEqualTo("fall");
    assertThat(body.get("kind").asText()).isEqualTo("alert");
    assertThat(body.get("title").asText()).isEqualTo("Urgent: Fall");
    assertThat(body.get("text").asText()).contains("room 302", "Alert A1234");
    assertThat(body.get("resident").asText()).isEqualTo("张某");
    assertThat(body.get("link").asText()).isEqualTo("https://console.example/alerts/A1234");
    assertThat(req.body()).doesNotContain(Messages.FULL_NAME);
  }

  @Test
  void dingtalk_markdownSigned_robotVerifiesTheSignature() throws Exception {
    robot.answer(
        req -> {
          Map<String, String> q = query(req.uri().getRawQuery());
          boolean ok = q.get("sign").equals(expectedSign(Long.parseLong(q.get("timestamp"))));
          return new RecordingHttpServer.Response(
              200,
              ok
                  ? "{\"errcode\":0,\"errmsg\":\"ok\"}"
                  : "{\"errcode\":310000,\"errmsg\":\"sign not match\"}");
        });

    Delivery d = await(sender(Map.of()).send(to("ding", "zh-CN")));

    assertThat(d).isEqualTo(Delivery.delivered());
    RecordingHttpServer.Request req = robot.only();
    Map<String, String> q = query(req.uri().getRawQuery());
    assertThat(q)
        .containsEntry("access_token", "abc")
        .containsEntry("timestamp", "" + NOW.toEpochMilli());
    JsonNode body = JSON.readTree(req.body());
    assertThat(body.get("msgtype").asText()).isEqualTo("markdown");
    assertThat(body.at("/markdown/title").asText()).isEqualTo("紧急:跌倒");
    assertThat(body.at("/markdown/text").asText())
        .startsWith("#### 紧急:跌倒\n\n【紧急】跌倒:阳光颐养院302室")
        .endsWith("[打开控制台](https://console.example/alerts/A1234)");
  }

  @Test
  void dingtalk_wrongSecret_errcodeIsNotRetryable() throws Exception {
    robot.answer(200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}");

    Delivery d = await(sender(Map.of()).send(to("ding", "zh-CN")));

    assertThat(d).isEqualTo(Delivery.failed(false, "errcode 310000"));
  }

  @Test
  void dingtalk_sendTooFast_isRetryable() throws Exception {
    robot.answer(200, "{\"errcode\":130101,\"errmsg\":\"send too fast\"}");

    assertThat(await(sender(Map.of()).send(to("dingtext", "en"))))
        .isEqualTo(Delivery.failed(true, "errcode 130101"));
  }

  @Test
  void dingtalk_text_hasContentAndNoSignatureWithoutSecret() throws Exception {
    robot.answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");

    await(sender(Map.of()).send(to("dingtext", "en")));

    RecordingHttpServer.Request req = robot.only();
    assertThat(req.uri().getRawQuery()).isEqualTo("access_token=def");
    JsonNode body = JSON.readTree(req.body());
    assertThat(body.get("msgtype").asText()).isEqualTo("text");
    assertThat(body.at("/text/content").asText()).startsWith("Urgent: Fall\n[Urgent] Fall:");
  }

  @Test
  void wecom_markdownAndText_deliveredOnErrcodeZero() throws Exception {
    robot.answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    sender(Map.of());

    assertThat(await(sender.send(to("wecom", "zh-CN"))).isDelivered()).isTrue();
    assertThat(await(sender.send(to("wecomtext", "en"))).isDelivered()).isTrue();

    List<RecordingHttpServer.Request> reqs = robot.requests();
    JsonNode md = JSON.readTree(reqs.get(0).body());
    assertThat(md.get("msgtype").asText()).isEqualTo("markdown");
    assertThat(md.at("/markdown/content").asText()).startsWith("**紧急:跌倒**\n> 【紧急】跌倒");
    assertThat(reqs.get(0).uri().getRawQuery()).isEqualTo("key=k1");
    JsonNode text = JSON.readTree(reqs.get(1).body());
    assertThat(text.get("msgtype").asText()).isEqualTo("text");
    assertThat(text.at("/text/content").asText()).contains("Alert A1234");
  }

  @Test
  void dailyDigest_genericDingTalkAndWeCom_carryTheCountsAndNoAlert() throws Exception {
    robot.answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    WebhookSender sender = sender(Map.of());

    for (String target : List.of("night", "ding", "wecom")) {
      assertThat(await(sender.send(digest(target, "zh-CN"))).isDelivered()).as(target).isTrue();
    }

    List<RecordingHttpServer.Request> reqs = robot.requests();
    JsonNode generic = JSON.readTree(reqs.get(0).body());
    assertThat(generic.get("kind").asText()).isEqualTo("daily_digest");
    assertThat(generic.get("title").asText()).isEqualTo("技术告警日报 2026-11-29");
    assertThat(generic.get("count").asText()).isEqualTo("4");
    assertThat(generic.get("open").asText()).isEqualTo("1");
    assertThat(generic.has("alert")).isFalse();
    JsonNode ding = JSON.readTree(reqs.get(1).body());
    assertThat(ding.at("/markdown/title").asText()).isEqualTo("技术告警日报 2026-11-29");
    assertThat(ding.at("/markdown/text").asText()).contains("设备失联3条(未处理1)、电量低1条");
    JsonNode wecom = JSON.readTree(reqs.get(2).body());
    assertThat(wecom.at("/markdown/content").asText())
        .startsWith("**技术告警日报 2026-11-29**\n> 【阳光颐养院】过去24小时技术告警4条");
  }

  private static OutgoingMessage digest(String target, String language) {
    return new OutgoingMessage(
        "digest/fuyuan/2026-11-29/staff.mgr/webhook",
        Channel.WEBHOOK,
        target,
        language,
        anxin.alerting.notify.MessageKind.DAILY_DIGEST,
        Map.of(
            "facility", "阳光颐养院",
            "date", "2026-11-29",
            "count", "4",
            "open", "1",
            "by_rule", "device_silent=3/1,battery_low=1/0"));
  }

  @Test
  void wecom_frequencyLimit_isRetryable_badKeyIsNot() throws Exception {
    sender(Map.of());
    robot.answer(200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}");
    assertThat(await(sender.send(to("wecom", "en"))))
        .isEqualTo(Delivery.failed(true, "errcode 45009"));

    robot.answer(200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}");
    assertThat(await(sender.send(to("wecom", "en"))))
        .isEqualTo(Delivery.failed(false, "errcode 93000"));
  }

  @Test
  void status500_isRetryable_400_isNot() throws Exception {
    sender(Map.of());
    robot.answer(503, "busy");
    assertThat(await(sender.send(to("night", "en")))).isEqualTo(Delivery.failed(true, "HTTP 503"));

    robot.answer(400, "bad");
    assertThat(await(sender.send(to("wecom", "en")))).isEqualTo(Delivery.failed(false, "HTTP 400"));
  }

  @Test
  void noAnswerWithinTheTimeout_isRetryable() throws Exception {
    robot.hang();

    Delivery d = await(sender(Map.of("webhook.timeout", "300ms")).send(to("night", "en")));

    assertThat(d).isEqualTo(Delivery.failed(true, "timeout"));
  }

  @Test
  void unknownTarget_failsNotRetryable_withoutACall() throws Exception {
    Delivery d = await(sender(Map.of()).send(to("nobody", "en")));

    assertThat(d).isEqualTo(Delivery.failed(false, "unknown webhook target"));
    assertThat(robot.requests()).isEmpty();
  }

  @Test
  void concurrency_isBounded_andExcessIsRefusedRetryable() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    robot.holdUntil(release).answer(200, "{}");
    sender(
        Map.of("webhook.max-in-flight", "2", "webhook.max-queued", "1", "webhook.timeout", "5s"));

    List<CompletableFuture<Delivery>> sends = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sends.add(sender.send(to("night", "en")));
    }

    assertThat(await(sends.get(3))).isEqualTo(Delivery.failed(true, "webhook queue full"));
    release.countDown();
    for (int i = 0; i < 3; i++) {
      assertThat(await(sends.get(i)).isDelivered()).isTrue();
    }
    assertThat(robot.maxInFlight()).isLessThanOrEqualTo(2);
    assertThat(robot.requests()).hasSize(3);
  }

  private static String expectedSign(long timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder()
          .encodeToString(
              mac.doFinal((timestamp + "\n" + SECRET).getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Query parameters, URL-decoded. */
  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    for (String kv : raw.split("&")) {
      int eq = kv.indexOf('=');
      out.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
