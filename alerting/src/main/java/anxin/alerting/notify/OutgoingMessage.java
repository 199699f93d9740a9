package anxin.alerting.notify;

import java.util.Map;
import java.util.Objects;

/**
 * One message to one recipient on one channel: the boundary between escalation (who, when) and the
 * channels (how). The text is not here: the sender renders it with {@link Templates} from {@code
 * kind}, {@code language} and {@code params}, so the outbox stores no resident text.
 *
 * @param dedupKey the outbox's key for this message, e.g. {@code alert:step:recipient:channel};
 *     never shown to people, and never containing a phone number
 * @param channel the channel to send on
 * @param address for {@link Channel#WEBHOOK} the id of a configured webhook target (its URL is
 *     configuration, since it holds a token); for {@link Channel#SMS} a phone number; for {@link
 *     Channel#CONSOLE} the console topic (a facility id, or {@code *})
 * @param language {@code zh-CN} or {@code en}
 * @param kind what the message says
 * @param params template parameters by {@link Param#key()}; copied
 */
public record OutgoingMessage(
    String dedupKey,
    Channel channel,
    String address,
    String language,
    MessageKind kind,
    Map<String, String> params) {

  /** Simplified Chinese, the default language of family contacts (DESIGN §5). */
  public static final String ZH_CN = "zh-CN";

  /** English. */
  public static final String EN = "en";

  public OutgoingMessage {
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(kind, "kind");
    if (!ZH_CN.equals(language) && !EN.equals(language)) {
      throw new IllegalArgumentException("unsupported language (zh-CN, en): " + language);
    }
    params = Map.copyOf(params);
  }

  /** A parameter, or null when absent. */
  public String param(Param p) {
    return params.get(p.key());
  }

  /** Redacted: the address may be a phone number and params may name the resident. */
  @Override
  public String toString() {
    return "OutgoingMessage[" + dedupKey + ", " + channel + ", " + kind + ", " + language + "]";
  }
}
