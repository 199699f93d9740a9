package anxin.alerting.notify.console;

import anxin.alerting.notify.MessageKind;
import java.util.Map;

/**
 * What a console listener receives: the rendered message and its params, for the SSE endpoint to
 * serialise. The console is staff-only; it gets the same resident display as other channels.
 *
 * @param dedupKey the outbox key (a console may see a message twice after a retry: dedupe by it)
 * @param topic the {@link anxin.alerting.notify.OutgoingMessage#address()}: a facility id or {@code
 *     *}
 * @param kind what the message says
 * @param language {@code zh-CN} or {@code en}
 * @param title the rendered title
 * @param text the rendered text
 * @param link the console link, or null
 * @param params the message's params without the resident's name fields; the display chosen by the
 *     templates is under {@code resident}
 */
public record ConsoleMessage(
    String dedupKey,
    String topic,
    MessageKind kind,
    String language,
    String title,
    String text,
    String link,
    Map<String, String> params) {

  public ConsoleMessage {
    params = Map.copyOf(params);
  }
}
