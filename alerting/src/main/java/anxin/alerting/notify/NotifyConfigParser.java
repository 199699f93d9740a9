package anxin.alerting.notify;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Reads {@link NotifyConfig} from flat settings, collecting every problem. */
final class NotifyConfigParser {

  private static final String TARGET = "webhook.";
  private static final Set<String> TARGET_FIELDS =
      Set.of("url", "format", "style", "secret", "authorization");

  private final List<String> problems = new ArrayList<>();
  private final Map<NotifySetting, String> raw = new EnumMap<>(NotifySetting.class);
  private final Map<String, Map<String, String>> targets = new TreeMap<>();

  private NotifyConfigParser() {}

  static NotifyConfig parse(Map<String, String> settings) {
    NotifyConfigParser p = new NotifyConfigParser();
    Map<String, NotifySetting> byKey = new HashMap<>();
    for (NotifySetting s : NotifySetting.values()) {
      byKey.put(s.key(), s);
      p.raw.put(s, s.defaultValue());
    }
    new TreeMap<>(settings).forEach((k, v) -> p.readKey(byKey, k, v == null ? "" : v.strip()));
    NotifyConfig config = p.build();
    if (!p.problems.isEmpty()) {
      throw new InvalidNotifyConfigException(p.problems);
    }
    return config;
  }

  private void readKey(Map<String, NotifySetting> byKey, String key, String value) {
    NotifySetting s = byKey.get(key);
    if (s != null) {
      raw.put(s, value);
      return;
    }
    int dot = key.lastIndexOf('.');
    if (key.startsWith(TARGET) && dot > TARGET.length()) {
      String field = key.substring(dot + 1);
      if (TARGET_FIELDS.contains(field)) {
        targets
            .computeIfAbsent(key.substring(TARGET.length(), dot), id -> new HashMap<>())
            .put(field, value);
        return;
      }
    }
    problems.add("unknown key: " + key);
  }

  private NotifyConfig build() {
    ResidentDisplay display =
        choice(NotifySetting.RESIDENT_DISPLAY, ResidentDisplay.class, ResidentDisplay.INITIALS);
    NotifyConfig.SmsGateway sms =
        choice(
            NotifySetting.SMS_GATEWAY, NotifyConfig.SmsGateway.class, NotifyConfig.SmsGateway.NONE);
    WebhookConfig webhook =
        new WebhookConfig(
            duration(NotifySetting.WEBHOOK_CONNECT_TIMEOUT),
            duration(NotifySetting.WEBHOOK_TIMEOUT),
            count(NotifySetting.WEBHOOK_MAX_IN_FLIGHT),
            count(NotifySetting.WEBHOOK_MAX_QUEUED),
            targets());
    HttpSmsConfig http = httpSms(sms == NotifyConfig.SmsGateway.HTTP);
    SmppConfig smpp = smpp(sms == NotifyConfig.SmsGateway.SMPP);
    return new NotifyConfig(
        display,
        sms,
        count(NotifySetting.CONSOLE_QUEUE),
        webhook,
        sms == NotifyConfig.SmsGateway.HTTP ? http : null,
        sms == NotifyConfig.SmsGateway.SMPP ? smpp : null);
  }

  private Map<String, WebhookTarget> targets() {
    Map<String, WebhookTarget> out = new TreeMap<>();
    targets.forEach(
        (id, fields) -> {
          String where = TARGET + id + ".";
          String url = fields.getOrDefault("url", "");
          URI uri = url.isEmpty() ? null : httpUrl(where + "url", url, true);
          if (url.isEmpty()) {
            problems.add(where + "url is required");
          }
          WebhookFormat format =
              choice(
                  where + "format", fields.getOrDefault("format", "generic"), WebhookFormat.class);
          String style = fields.getOrDefault("style", "markdown");
          if (!style.equals("markdown") && !style.equals("text")) {
            problems.add(where + "style is not markdown or text: " + style);
          }
          String secret = emptyToNull(fields.get("secret"));
          if (secret != null && format != WebhookFormat.DINGTALK) {
            problems.add(where + "secret is for dingtalk targets only");
          }
          String auth = emptyToNull(fields.get("authorization"));
          if (auth != null && format != WebhookFormat.GENERIC) {
            problems.add(where + "authorization is for generic targets only");
          }
          if (uri != null && format != null) {
            out.put(id, new WebhookTarget(id, uri, format, !style.equals("text"), secret, auth));
          }
        });
    return out;
  }

  private HttpSmsConfig httpSms(boolean required) {
    String url = raw.get(NotifySetting.HTTP_SMS_URL);
    URI uri = null;
    if (url.isEmpty()) {
      if (required) {
        problems.add(NotifySetting.HTTP_SMS_URL.key() + " is required when notify.sms is http");
      }
    } else {
      uri = httpUrl(NotifySetting.HTTP_SMS_URL.key(), url, false);
    }
    String method = raw.get(NotifySetting.HTTP_SMS_METHOD).toUpperCase(Locale.ROOT);
    if (!method.equals("POST") && !method.equals("PUT")) {
      problems.add(NotifySetting.HTTP_SMS_METHOD.key() + " is not POST or PUT: " + method);
    }
    String type = raw.get(NotifySetting.HTTP_SMS_BODY_TYPE);
    if (!type.equals("json") && !type.equals("form")) {
      problems.add(NotifySetting.HTTP_SMS_BODY_TYPE.key() + " is not json or form: " + type);
    }
    String body = raw.get(NotifySetting.HTTP_SMS_BODY);
    checkBody(body, type.equals("json"));
    if (raw.get(NotifySetting.HTTP_SMS_AUTH_HEADER).isEmpty()) {
      problems.add(NotifySetting.HTTP_SMS_AUTH_HEADER.key() + " is empty");
    }
    return new HttpSmsConfig(
        uri,
        method,
        type.equals("form"),
        body,
        raw.get(NotifySetting.HTTP_SMS_AUTH_HEADER),
        raw.get(NotifySetting.HTTP_SMS_AUTH_VALUE),
        raw.get(NotifySetting.HTTP_SMS_SUCCESS_FIELD),
        raw.get(NotifySetting.HTTP_SMS_SUCCESS_VALUE),
        duration(NotifySetting.HTTP_SMS_CONNECT_TIMEOUT),
        duration(NotifySetting.HTTP_SMS_TIMEOUT),
        count(NotifySetting.HTTP_SMS_MAX_IN_FLIGHT),
        count(NotifySetting.HTTP_SMS_MAX_QUEUED));
  }

  private void checkBody(String body, boolean json) {
    String key = NotifySetting.HTTP_SMS_BODY.key();
    if (!body.contains("{phone}") || !body.contains("{text}")) {
      problems.add(key + " must contain {phone} and {text}: " + body);
    } else if (json) {
      try {
        new ObjectMapper().readTree(body.replace("{phone}", "1").replace("{text}", "t"));
      } catch (JacksonException e) {
        problems.add(key + " is not JSON once filled in: " + body);
      }
    }
  }

  private SmppConfig smpp(boolean required) {
    String host = raw.get(NotifySetting.SMPP_HOST);
    String systemId = raw.get(NotifySetting.SMPP_SYSTEM_ID);
    if (required && host.isEmpty()) {
      problems.add(NotifySetting.SMPP_HOST.key() + " is required when notify.sms is smpp");
    }
    if (required && systemId.isEmpty()) {
      problems.add(NotifySetting.SMPP_SYSTEM_ID.key() + " is required when notify.sms is smpp");
    }
    String bind = raw.get(NotifySetting.SMPP_BIND);
    if (!bind.equals("transmitter") && !bind.equals("transceiver")) {
      problems.add(NotifySetting.SMPP_BIND.key() + " is not transmitter or transceiver: " + bind);
    }
    int port = integer(NotifySetting.SMPP_PORT, 1, 65535);
    return new SmppConfig(
        host,
        port,
        systemId,
        raw.get(NotifySetting.SMPP_PASSWORD),
        raw.get(NotifySetting.SMPP_SYSTEM_TYPE),
        bind.equals("transceiver"),
        raw.get(NotifySetting.SMPP_SOURCE_ADDR),
        integer(NotifySetting.SMPP_SOURCE_TON, 0, 255),
        integer(NotifySetting.SMPP_SOURCE_NPI, 0, 255),
        integer(NotifySetting.SMPP_DEST_TON, 0, 255),
        integer(NotifySetting.SMPP_DEST_NPI, 0, 255),
        duration(NotifySetting.SMPP_ENQUIRE_LINK),
        duration(NotifySetting.SMPP_TIMEOUT),
        duration(NotifySetting.SMPP_BIND_TIMEOUT),
        duration(NotifySetting.SMPP_REBIND_DELAY),
        duration(NotifySetting.SMPP_REBIND_MAX_DELAY),
        count(NotifySetting.SMPP_MAX_IN_FLIGHT),
        count(NotifySetting.SMPP_MAX_QUEUED));
  }

  private <E extends Enum<E>> E choice(NotifySetting s, Class<E> type, E fallback) {
    E e = choice(s.key(), raw.get(s), type);
    return e == null ? fallback : e;
  }

  private <E extends Enum<E>> E choice(String key, String value, Class<E> type) {
    Set<String> names = new TreeSet<>();
    for (E e : type.getEnumConstants()) {
      String name = e.name().toLowerCase(Locale.ROOT);
      names.add(name);
      if (name.equals(value.toLowerCase(Locale.ROOT))) {
        return e;
      }
    }
    problems.add(key + " is not one of " + String.join(", ", names) + ": " + value);
    return null;
  }

  private URI httpUrl(String key, String value, boolean secretQuery) {
    try {
      URI uri = new URI(value);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    // A robot URL carries its token: name the key, not the value.
    problems.add(key + " is not an http(s) URL" + (secretQuery ? "" : ": " + value));
    return null;
  }

  private Duration duration(NotifySetting s) {
    String v = raw.get(s);
    Duration d = parseDuration(v);
    if (d == null || d.isZero() || d.isNegative()) {
      problems.add(s.key() + " is not a positive duration (500ms, 30s, 15min, 1h, PT30S): " + v);
      return parseDuration(s.defaultValue());
    }
    return d;
  }

  static Duration parseDuration(String s) {
    return anxin.alerting.Durations.parse(s);
  }

  private int count(NotifySetting s) {
    return integer(s, 1, Integer.MAX_VALUE);
  }

  private int integer(NotifySetting s, int min, int max) {
    String v = raw.get(s);
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(s.key() + " is not an integer in " + min + ".." + max + ": " + v);
    return Integer.parseInt(s.defaultValue());
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
