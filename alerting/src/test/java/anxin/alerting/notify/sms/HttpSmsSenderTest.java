package anxin.alerting.notify.sms;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.notify.Channel;
import anxin.alerting.notify.Delivery;
import anxin.alerting.notify.Messages;
import anxin.alerting.notify.NotifyConfig;
import anxin.alerting.notify.RecordingHttpServer;
import anxin.alerting.notify.Templates;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpSmsSenderTest {

  private RecordingHttpServer gateway;
  private HttpSmsSender sender;

  @BeforeEach
  void start() throws Exception {
    gateway = new RecordingHttpServer();
  }

  @AfterEach
  void stop() {
    if (sender != null) {
      sender.close();
    }
    gateway.close();
  }

  private HttpSmsSender sender(Map<String, String> extra) {
    Map<String, String> s = new HashMap<>();
    s.put("notify.sms", "http");
    s.put("sms.http.url", gateway.url("/sms/send").toString());
    s.put("sms.http.auth-value", "Bearer s3cret");
    s.put("sms.http.timeout", "300ms");
    s.putAll(extra);
    sender = new HttpSmsSender(NotifyConfig.parse(s).httpSms(), Templates.defaults());
    return sender;
  }

  private static Delivery await(CompletableFuture<Delivery> f) throws Exception {
    return f.get(5, TimeUnit.SECONDS);
  }

  @Test
  void jsonBody_carriesPhoneAndText_withAuthHeader() throws Exception {
    gateway.answer(200, "{\"code\":0}");

    Delivery d = await(sender(Map.of()).send(Messages.fall(Channel.SMS, Messages.PHONE, "zh-CN")));

    assertThat(d.isDelivered()).isTrue();
    RecordingHttpServer.Request req = gateway.only();
    assertThat(req.method()).isEqualTo("POST");
    assertThat(req.header("Authorization")).isEqualTo("Bearer s3cret");
    JsonNode body = new ObjectMapper().readTree(req.body());
    assertThat(body.get("phone").asText()).isEqualTo(Messages.PHONE);
    assertThat(body.get("text").asText()).startsWith("【紧急】跌倒:阳光颐养院302室").doesNotContain("https://");
  }

  @Test
  void formBody_isUrlEncoded_withCustomHeaderAndMethod() throws Exception {
    gateway.answer(200, "ok");
    sender(
        Map.of(
            "sms.http.body-type", "form",
            "sms.http.body", "to={phone}&msg={text}&sign=anxin",
            "sms.http.method", "PUT",
            "sms.http.auth-header", "X-Api-Key",
            "sms.http.auth-value", "k3y"));

    assertThat(await(sender.send(Messages.fall(Channel.SMS, Messages.PHONE, "en"))).isDelivered())
        .isTrue();

    RecordingHttpServer.Request req = gateway.only();
    assertThat(req.method()).isEqualTo("PUT");
    assertThat(req.header("X-Api-Key")).isEqualTo("k3y");
    assertThat(req.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
    Map<String, String> form = new HashMap<>();
    for (String kv : req.body().split("&")) {
      String[] p = kv.split("=", 2);
      form.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
    }
    assertThat(form).containsEntry("to", Messages.PHONE).containsEntry("sign", "anxin");
    assertThat(form.get("msg")).startsWith("[Urgent] Fall:");
  }

  @Test
  void successField_mustMatch_elseRejectedNotRetryable() throws Exception {
    sender(Map.of("sms.http.success-field", "result.code", "sms.http.success-value", "OK"));

    gateway.answer(200, "{\"result\":{\"code\":\"OK\"}}");
    assertThat(await(sender.send(Messages.fall(Channel.SMS, Messages.PHONE, "en"))).isDelivered())
        .isTrue();

    gateway.answer(200, "{\"result\":{\"code\":\"isv.MOBILE_NUMBER_ILLEGAL\"}}");
    assertThat(await(sender.send(Messages.fall(Channel.SMS, Messages.PHONE, "en"))))
        .isEqualTo(Delivery.failed(false, "gateway result.code=isv.MOBILE_NUMBER_ILLEGAL"));
  }

  @Test
  void status500_isRetryable_400_isNot_429_is() throws Exception {
    sender(Map.of());

    gateway.answer(500, "oops");
    assertThat(await(sender.send(Messages.fall(Channel.SMS, Messages.PHONE, "en"))))
        .isEqualTo(Delivery.failed(true, "HTTP 500"));
    gateway.answer(400, "bad phone");
    assertThat(await(sender.send(Messages.fall(Channel.SMS, Messages.PHONE, "en"))))
        .isEqualTo(Delivery.failed(false, "HTTP 400"));
    gateway.answer(429, "slow down");
    assertThat(await(sender.send(Messages.fall(Channel.SMS, Messages.PHONE, "en"))))
        .isEqualTo(Delivery.failed(true, "HTTP 429"));
  }

  @Test
  void noAnswerWithinTheTimeout_isRetryable() throws Exception {
    gateway.hang();

    assertThat(await(sender(Map.of()).send(Messages.fall(Channel.SMS, Messages.PHONE, "en"))))
        .isEqualTo(Delivery.failed(true, "timeout"));
  }

  @Test
  void gatewayDown_isRetryable() throws Exception {
    sender(Map.of());
    gateway.close();

    Delivery d = await(sender.send(Messages.fall(Channel.SMS, Messages.PHONE, "en")));

    assertThat(d).isInstanceOf(Delivery.Failed.class);
    assertThat(((Delivery.Failed) d).retryable()).isTrue();
  }
}
