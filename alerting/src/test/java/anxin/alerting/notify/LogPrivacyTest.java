package anxin.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.notify.console.ConsolePublisher;
import anxin.alerting.notify.sms.HttpSmsSender;
import anxin.alerting.notify.webhook.WebhookSender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** No phone number, resident name or message text in any log line above DEBUG. */
class LogPrivacyTest {

  @Test
  void sendsThatSucceedAndFail_logNoPhoneNameOrTextAboveDebug() throws Exception {
    Templates fullNames = new Templates(ResidentDisplay.FULL_NAME);
    OutgoingMessage sms = Messages.fall(Channel.SMS, Messages.PHONE, "zh-CN");
    String text = fullNames.render(sms).text();
    assertThat(text).contains(Messages.FULL_NAME);
    List<String[]> lines;
    try (RecordingHttpServer http = new RecordingHttpServer();
        Recording logs = new Recording()) {
      NotifyConfig config =
          NotifyConfig.parse(
              Map.of(
                  "notify.sms",
                  "http",
                  "sms.http.url",
                  http.url("/sms").toString(),
                  "webhook.w.url",
                  http.url("/hook?key=k").toString(),
                  "webhook.w.format",
                  "wecom"));
      try (HttpSmsSender smsSender = new HttpSmsSender(config.httpSms(), fullNames);
          WebhookSender webhook =
              new WebhookSender(config.webhook(), fullNames, Clock.systemUTC());
          ConsolePublisher console = new ConsolePublisher(fullNames, 10)) {
        console.subscribe(
            m -> {
              throw new IllegalStateException(m.text());
            });
        for (int status : new int[] {200, 500, 400}) {
          http.answer(status, "{\"errcode\":93000}");
          smsSender.send(sms).get(5, TimeUnit.SECONDS);
          webhook.send(Messages.fall(Channel.WEBHOOK, "w", "zh-CN")).get(5, TimeUnit.SECONDS);
        }
        console.send(Messages.fall(Channel.CONSOLE, "*", "zh-CN")).get(5, TimeUnit.SECONDS);
        smsSender.send(
            new OutgoingMessage(
                "k", Channel.SMS, Messages.PHONE, "en", MessageKind.ALERT, Map.of()));
      }
      lines = logs.aboveDebug();
    }

    assertThat(lines).isNotEmpty();
    for (String[] line : lines) {
      assertThat(line[1])
          .as(line[0])
          .doesNotContain(Messages.PHONE, Messages.FULL_NAME, text, "【紧急】");
    }
  }

  /** Every log event of the JVM at every level until closed. */
  private static final class Recording implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Level previous = root.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    Recording() {
      appender.start();
      root.addAppender(appender);
      root.setLevel(Level.TRACE);
    }

    List<String[]> aboveDebug() {
      List<String[]> out = new ArrayList<>();
      for (ILoggingEvent e : List.copyOf(appender.list)) {
        if (e.getLevel().isGreaterOrEqual(Level.INFO)) {
          StringBuilder b = new StringBuilder(e.getFormattedMessage());
          for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append(" | ").append(t.getMessage());
          }
          out.add(new String[] {e.getLevel() + " " + e.getLoggerName(), b.toString()});
        }
      }
      return out;
    }

    @Override
    public void close() {
      root.detachAppender(appender);
      root.setLevel(previous);
      appender.stop();
    }
  }
}
