package anxin.alerting.notify.sms;

import anxin.alerting.notify.ChannelSender;
import anxin.alerting.notify.Delivery;
import anxin.alerting.notify.HttpDelivery;
import anxin.alerting.notify.HttpSmsConfig;
import anxin.alerting.notify.OutgoingMessage;
import anxin.alerting.notify.Privacy;
import anxin.alerting.notify.SendLimiter;
import anxin.alerting.notify.Templates;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link anxin.alerting.notify.Channel#SMS} messages through an HTTP SMS gateway: the body
 * template with {@code {phone}} and {@code {text}} filled in (JSON-escaped or URL-encoded), the
 * credential header, and success when the status is 2xx and, if configured, the response's JSON
 * field equals the success value. A 2xx whose field says otherwise is a rejection, not retryable.
 */
public final class HttpSmsSender implements ChannelSender {

  private static final Logger LOG = LoggerFactory.getLogger(HttpSmsSender.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpSmsConfig config;
  private final Templates templates;
  private final HttpClient client;
  private final SendLimiter limiter;

  /**
   * @param config the gateway
   * @param templates renders the texts
   */
  public HttpSmsSender(HttpSmsConfig config, Templates templates) {
    this.config = config;
    this.templates = templates;
    this.client = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
    this.limiter = new SendLimiter(config.maxInFlight(), config.maxQueued());
  }

  @Override
  public CompletableFuture<Delivery> send(OutgoingMessage m) {
    String masked = Privacy.maskPhone(m.address());
    HttpRequest request;
    try {
      request = request(m.address(), templates.render(m).text());
    } catch (IllegalArgumentException e) {
      LOG.warn("sms {}: cannot render {}: {}", masked, m.dedupKey(), e.getMessage());
      return CompletableFuture.completedFuture(
          Delivery.failed(false, "template: " + e.getMessage()));
    }
    return limiter
        .submit(this.call(request), Delivery.failed(true, "sms queue full"))
        .thenApply(
            d -> {
              if (d instanceof Delivery.Failed f) {
                LOG.warn(
                    "sms {}: {} failed ({}, retryable={})",
                    masked,
                    m.dedupKey(),
                    f.reason(),
                    f.retryable());
              } else {
                LOG.debug("sms {}: {} accepted by gateway", masked, m.dedupKey());
              }
              return d;
            });
  }

  private java.util.function.Supplier<CompletableFuture<Delivery>> call(HttpRequest request) {
    long backstop = config.timeout().toMillis() + 1000;
    return () ->
        client
            .sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
            .handle((resp, err) -> err != null ? HttpDelivery.ofThrowable(err) : answer(resp))
            .completeOnTimeout(Delivery.failed(true, "timeout"), backstop, TimeUnit.MILLISECONDS);
  }

  private HttpRequest request(String phone, String text) {
    String body =
        config.formBody()
            ? config
                .bodyTemplate()
                .replace("{phone}", URLEncoder.encode(phone, StandardCharsets.UTF_8))
                .replace("{text}", URLEncoder.encode(text, StandardCharsets.UTF_8))
            : config
                .bodyTemplate()
                .replace("{phone}", jsonEscape(phone))
                .replace("{text}", jsonEscape(text));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(config.url())
            .timeout(config.timeout())
            .header(
                "Content-Type",
                config.formBody()
                    ? "application/x-www-form-urlencoded; charset=utf-8"
                    : "application/json; charset=utf-8")
            .method(
                config.method(), HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (!config.authValue().isEmpty()) {
      b.header(config.authHeader(), config.authValue());
    }
    return b.build();
  }

  private Delivery answer(HttpResponse<String> resp) {
    Delivery byStatus = HttpDelivery.ofStatus(resp.statusCode());
    if (!byStatus.isDelivered() || config.successField().isEmpty()) {
      return byStatus;
    }
    try {
      JsonNode node = JSON.readTree(resp.body());
      for (String part : config.successField().split("\\.")) {
        node = node == null ? null : node.get(part);
      }
      if (node != null && node.isValueNode() && node.asText().equals(config.successValue())) {
        return Delivery.delivered();
      }
      // The gateway's own code names the refusal; it is not personal data.
      String value = node == null ? "missing" : node.asText();
      return Delivery.failed(false, "gateway " + config.successField() + "=" + abbreviate(value));
    } catch (JacksonException e) {
      return Delivery.failed(true, "gateway answer not JSON");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 32 ? s : s.substring(0, 32);
  }

  private static String jsonEscape(String s) {
    return new String(JsonStringEncoder.getInstance().quoteAsString(s));
  }
}
