package anxin.alerting.notify.webhook;

import anxin.alerting.notify.ChannelSender;
import anxin.alerting.notify.Delivery;
import anxin.alerting.notify.HttpDelivery;
import anxin.alerting.notify.OutgoingMessage;
import anxin.alerting.notify.SendLimiter;
import anxin.alerting.notify.Templates;
import anxin.alerting.notify.WebhookConfig;
import anxin.alerting.notify.WebhookFormat;
import anxin.alerting.notify.WebhookTarget;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link anxin.alerting.notify.Channel#WEBHOOK} messages to the configured target named by
 * {@link OutgoingMessage#address()}. Asynchronous on the JDK HTTP client, at most {@link
 * WebhookConfig#maxInFlight()} calls at once, each bounded by {@link WebhookConfig#timeout()}.
 *
 * <p>Robots answer HTTP 200 with {@code {"errcode":…,"errmsg":…}}: {@code errcode} 0 is delivered;
 * the rate-limit codes (DingTalk 130101 "send too fast", WeCom 45009 "api freq out of limit") and
 * -1 (system busy) are retryable; any other code is not (bad token, signature or keyword).
 */
public final class WebhookSender implements ChannelSender {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> RETRYABLE_ERRCODES = Set.of(-1, 130101, 45009);

  private final WebhookConfig config;
  private final Templates templates;
  private final HttpClient client;
  private final Clock clock;
  private final SendLimiter limiter;

  /**
   * @param config targets, timeouts and limits
   * @param templates renders the texts
   * @param clock the DingTalk signature's timestamp
   */
  public WebhookSender(WebhookConfig config, Templates templates, Clock clock) {
    this.config = config;
    this.templates = templates;
    this.clock = clock;
    this.client = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
    this.limiter = new SendLimiter(config.maxInFlight(), config.maxQueued());
  }

  @Override
  public CompletableFuture<Delivery> send(OutgoingMessage m) {
    WebhookTarget target = config.targets().get(m.address());
    if (target == null) {
      LOG.warn("webhook {}: unknown target for {}", m.address(), m.dedupKey());
      return CompletableFuture.completedFuture(Delivery.failed(false, "unknown webhook target"));
    }
    HttpRequest request;
    try {
      Templates.Rendered r = templates.render(m);
      String body = RobotBodies.body(target, m, r, templates.resident(m.params()));
      request = request(target, body);
    } catch (IllegalArgumentException e) {
      LOG.warn("webhook {}: cannot render {}: {}", target.id(), m.dedupKey(), e.getMessage());
      return CompletableFuture.completedFuture(
          Delivery.failed(false, "template: " + e.getMessage()));
    }
    return limiter
        .submit(() -> call(target, request), Delivery.failed(true, "webhook queue full"))
        .thenApply(d -> logged(target, m, d));
  }

  private CompletableFuture<Delivery> call(WebhookTarget target, HttpRequest request) {
    long backstop = config.timeout().toMillis() + 1000;
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .handle((resp, err) -> err != null ? HttpDelivery.ofThrowable(err) : answer(target, resp))
        .completeOnTimeout(Delivery.failed(true, "timeout"), backstop, TimeUnit.MILLISECONDS);
  }

  private HttpRequest request(WebhookTarget target, String body) {
    URI uri = target.url();
    if (target.format() == WebhookFormat.DINGTALK && target.secret() != null) {
      uri = DingTalkSigning.signedUrl(uri, target.secret(), clock.millis());
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(config.timeout())
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (target.authorization() != null) {
      b.header("Authorization", target.authorization());
    }
    return b.build();
  }

  private static Delivery answer(WebhookTarget target, HttpResponse<String> resp) {
    Delivery byStatus = HttpDelivery.ofStatus(resp.statusCode());
    if (!byStatus.isDelivered() || target.format() == WebhookFormat.GENERIC) {
      return byStatus;
    }
    try {
      JsonNode errcode = JSON.readTree(resp.body()).get("errcode");
      if (errcode == null || !errcode.canConvertToInt()) {
        return Delivery.failed(true, "robot answer without errcode");
      }
      int code = errcode.asInt();
      return code == 0
          ? Delivery.delivered()
          : Delivery.failed(RETRYABLE_ERRCODES.contains(code), "errcode " + code);
    } catch (JacksonException e) {
      return Delivery.failed(true, "robot answer not JSON");
    }
  }

  private static Delivery logged(WebhookTarget target, OutgoingMessage m, Delivery d) {
    if (d instanceof Delivery.Failed f) {
      LOG.warn(
          "webhook {}: {} failed ({}, retryable={})",
          target.id(),
          m.dedupKey(),
          f.reason(),
          f.retryable());
    } else {
      LOG.debug("webhook {}: {} delivered", target.id(), m.dedupKey());
    }
    return d;
  }
}
