package anxin.alerting.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Renders messages in zh-CN and en: a short text for every channel and a title for webhooks and the
 * console. Texts aim at one SMS segment (≤ 70 characters when any character needs UCS-2, ≤ 160 GSM
 * 7-bit septets otherwise, see {@link SmsText}); when a text is too long the facility name is
 * shortened, then left out. The console link never goes into the text (SMS), only {@link
 * Rendered#link()}.
 *
 * <p>Parameters ({@link Param}): {@link MessageKind#ALERT}, {@link MessageKind#ESCALATION} and
 * {@link MessageKind#REMINDER} need {@code severity}, {@code rule} and {@code alert_id}; {@link
 * MessageKind#RESOLVED_FAMILY} needs {@code rule} and {@code outcome}; {@link
 * MessageKind#DAILY_DIGEST} needs {@code date} and {@code count}. Everything else is optional. The
 * resident is named as {@link ResidentDisplay} allows: a full name only when configured.
 *
 * <p>The daily digest is never sent by SMS (its policy refuses the channel), so its text is not
 * shortened: the facility name and the count of every rule stay in it.
 */
public final class Templates {

  /**
   * A rendered message.
   *
   * @param title short headline for webhooks and the console, not null
   * @param text the message, the same for every channel, not null
   * @param link the console link, or null
   */
  public record Rendered(String title, String text, String link) {}

  private final ResidentDisplay display;

  /**
   * @param display how residents are named; not null
   */
  public Templates(ResidentDisplay display) {
    this.display = Objects.requireNonNull(display, "display");
  }

  /** Templates with the default {@link ResidentDisplay#INITIALS}. */
  public static Templates defaults() {
    return new Templates(ResidentDisplay.INITIALS);
  }

  /** How these templates name residents. */
  public ResidentDisplay display() {
    return display;
  }

  /** Renders a message from its kind, language and params. */
  public Rendered render(OutgoingMessage m) {
    return render(m.kind(), m.language(), m.params());
  }

  /**
   * Renders one message.
   *
   * @param language {@code zh-CN} or {@code en}
   * @throws IllegalArgumentException when a required parameter is missing or a number is not one,
   *     naming the key
   */
  public Rendered render(MessageKind kind, String language, Map<String, String> params) {
    boolean zh = OutgoingMessage.ZH_CN.equals(language);
    if (!zh && !OutgoingMessage.EN.equals(language)) {
      throw new IllegalArgumentException("unsupported language (zh-CN, en): " + language);
    }
    Values v = new Values(params, zh, resident(params));
    String facility = v.opt(Param.FACILITY);
    String title = title(kind, v);
    String text = text(kind, v, facility);
    // Shorten the facility name, then drop it, until the text fits one SMS segment.
    int keep = facility == null ? 0 : facility.length();
    while (kind != MessageKind.DAILY_DIGEST && !SmsText.fitsOneSegment(text) && keep > 0) {
      keep = keep > 4 ? keep - 1 : 0;
      text = text(kind, v, keep == 0 ? null : facility.substring(0, keep));
    }
    return new Rendered(title, text, v.opt(Param.LINK));
  }

  /** The resident as {@link #display()} allows, or null when no resident param is present. */
  public String resident(Map<String, String> params) {
    String code = blankToNull(params.get(Param.RESIDENT_CODE.key()));
    String initials = blankToNull(params.get(Param.RESIDENT_INITIALS.key()));
    String name = blankToNull(params.get(Param.RESIDENT_NAME.key()));
    return switch (display) {
      case CODE -> code;
      case INITIALS -> initials != null ? initials : code;
      case FULL_NAME -> name != null ? name : initials != null ? initials : code;
    };
  }

  private static String title(MessageKind kind, Values v) {
    boolean zh = v.zh;
    return switch (kind) {
      case ALERT -> v.sev() + (zh ? ":" : ": ") + v.rule();
      case ESCALATION -> (zh ? "升级·" : "Escalated: ") + v.sev() + (zh ? ":" : " ") + v.rule();
      case REMINDER -> (zh ? "提醒·" : "Reminder: ") + v.sev() + (zh ? ":" : " ") + v.rule();
      case RESOLVED_FAMILY -> zh ? v.rule() + "告警已处理" : v.rule() + " alert resolved";
      case DAILY_DIGEST -> (zh ? "技术告警日报 " : "Technical alerts ") + v.req(Param.DATE);
    };
  }

  private static String text(MessageKind kind, Values v, String facility) {
    return switch (kind) {
      case ALERT, ESCALATION, REMINDER ->
          v.zh ? pageZh(kind, v, facility) : pageEn(kind, v, facility);
      case RESOLVED_FAMILY -> v.zh ? resolvedZh(v, facility) : resolvedEn(v, facility);
      case DAILY_DIGEST -> v.zh ? digestZh(v, facility) : digestEn(v, facility);
    };
  }

  private static String pageZh(MessageKind kind, Values v, String facility) {
    String room = v.opt(Param.ROOM);
    List<String> details = new ArrayList<>();
    String where = (facility == null ? "" : facility) + (room == null ? "" : room + "室");
    addIfNotEmpty(details, where);
    if (v.resident != null) {
      details.add("住户" + v.resident);
    }
    StringBuilder b = new StringBuilder("【").append(v.sev());
    b.append(kind == MessageKind.ESCALATION ? "·升级" : kind == MessageKind.REMINDER ? "·提醒" : "");
    b.append("】").append(v.rule());
    if (!details.isEmpty()) {
      b.append(':').append(String.join(",", details));
    }
    Long delay = v.number(Param.DELAY_SECONDS);
    if (delay != null) {
      b.append("(晚到").append(Words.age(delay, true)).append(')');
    }
    Long unacked = v.number(Param.UNACKED_MINUTES);
    switch (kind) {
      case ALERT -> b.append("。请立即查看");
      case ESCALATION ->
          b.append(unacked == null ? ",无人确认" : "," + unacked + "分钟无人确认").append("。请立即处理");
      default -> b.append(unacked == null ? ",仍未确认" : ",已" + unacked + "分钟仍未确认");
    }
    return b.append(",告警号").append(v.req(Param.ALERT_ID)).toString();
  }

  private static String pageEn(MessageKind kind, Values v, String facility) {
    String room = v.opt(Param.ROOM);
    List<String> details = new ArrayList<>();
    addIfNotEmpty(details, facility);
    if (room != null) {
      details.add("room " + room);
    }
    if (v.resident != null) {
      details.add("resident " + v.resident);
    }
    StringBuilder b = new StringBuilder("[").append(v.sev());
    b.append(kind == MessageKind.ESCALATION ? ", escalated" : "");
    b.append(kind == MessageKind.REMINDER ? ", reminder" : "").append("] ").append(v.rule());
    if (!details.isEmpty()) {
      b.append(": ").append(String.join(", ", details));
    }
    Long delay = v.number(Param.DELAY_SECONDS);
    if (delay != null) {
      b.append(" (reported ").append(Words.age(delay, false)).append(" late)");
    }
    Long unacked = v.number(Param.UNACKED_MINUTES);
    switch (kind) {
      case ALERT -> b.append(". Please check now.");
      case ESCALATION ->
          b.append(
                  unacked == null
                      ? ", not acknowledged"
                      : ", not acknowledged for " + unacked + " min")
              .append(". Please respond now.");
      default ->
          b.append(
              unacked == null
                  ? ", still not acknowledged."
                  : ", still not acknowledged after " + unacked + " min.");
    }
    return b.append(" Alert ").append(v.req(Param.ALERT_ID)).toString();
  }

  private static String resolvedZh(Values v, String facility) {
    StringBuilder b = new StringBuilder();
    if (facility != null) {
      b.append('【').append(facility).append('】');
    }
    b.append("您的家人").append(v.resident == null ? "" : v.resident).append("的");
    b.append(v.rule()).append("告警已处理:").append(Words.outcome(v.req(Param.OUTCOME), true));
    return b.append("。如有疑问请联系护理站。").toString();
  }

  private static String resolvedEn(Values v, String facility) {
    StringBuilder b = new StringBuilder();
    if (facility != null) {
      b.append(facility).append(": ");
    }
    b.append("The ").append(v.rule().toLowerCase(Locale.ROOT)).append(" alert for your relative");
    if (v.resident != null) {
      b.append(' ').append(v.resident);
    }
    b.append(" has been resolved: ").append(Words.outcome(v.req(Param.OUTCOME), false));
    return b.append(". Questions? Please call the care station.").toString();
  }

  private static String digestZh(Values v, String facility) {
    StringBuilder b = new StringBuilder();
    if (facility != null) {
      b.append('【').append(facility).append('】');
    }
    b.append("过去24小时技术告警").append(v.reqNumber(Param.COUNT)).append("条");
    Long open = v.number(Param.OPEN);
    if (open != null) {
      b.append(",未处理").append(open).append("条");
    }
    List<String> rules = new ArrayList<>();
    for (RuleCount r : v.byRule()) {
      rules.add(
          Words.rule(r.rule, true) + r.opened + "条" + (r.open > 0 ? "(未处理" + r.open + ")" : ""));
    }
    if (!rules.isEmpty()) {
      b.append("。").append(String.join("、", rules));
    }
    return b.append("。详情见控制台。").toString();
  }

  private static String digestEn(Values v, String facility) {
    StringBuilder b = new StringBuilder();
    if (facility != null) {
      b.append(facility).append(": ");
    }
    long count = v.reqNumber(Param.COUNT);
    b.append(count).append(count == 1 ? " technical alert" : " technical alerts");
    b.append(" in the last 24 h");
    Long open = v.number(Param.OPEN);
    if (open != null) {
      b.append(", ").append(open).append(" still open");
    }
    List<String> rules = new ArrayList<>();
    for (RuleCount r : v.byRule()) {
      rules.add(
          Words.rule(r.rule, false)
              + " "
              + r.opened
              + (r.open > 0 ? " (" + r.open + " open)" : ""));
    }
    if (!rules.isEmpty()) {
      b.append(". ").append(String.join(", ", rules));
    }
    return b.append(". Details on the console.").toString();
  }

  /** One entry of {@link Param#BY_RULE}. */
  private record RuleCount(String rule, long opened, long open) {}

  private static void addIfNotEmpty(List<String> list, String s) {
    if (s != null && !s.isEmpty()) {
      list.add(s);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** Params read with their language, checking required ones and numbers. */
  private record Values(Map<String, String> params, boolean zh, String resident) {

    String opt(Param p) {
      return blankToNull(params.get(p.key()));
    }

    String req(Param p) {
      String v = opt(p);
      if (v == null) {
        throw new IllegalArgumentException("missing template parameter: " + p.key());
      }
      return v;
    }

    Long number(Param p) {
      String v = opt(p);
      if (v == null) {
        return null;
      }
      try {
        long n = Long.parseLong(v);
        if (n < 0) {
          throw new IllegalArgumentException(p.key() + " is negative: " + v);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(p.key() + " is not a whole number: " + v, e);
      }
    }

    /** {@link Param#BY_RULE} read; empty when absent. */
    List<RuleCount> byRule() {
      String raw = opt(Param.BY_RULE);
      List<RuleCount> out = new ArrayList<>();
      if (raw == null) {
        return out;
      }
      for (String entry : raw.split(",")) {
        int eq = entry.indexOf('=');
        int slash = entry.indexOf('/', eq + 1);
        try {
          if (eq > 0 && slash > eq) {
            long opened = Long.parseLong(entry.substring(eq + 1, slash).strip());
            long open = Long.parseLong(entry.substring(slash + 1).strip());
            if (opened >= 0 && open >= 0) {
              out.add(new RuleCount(entry.substring(0, eq).strip(), opened, open));
              continue;
            }
          }
        } catch (NumberFormatException e) {
          // reported below
        }
        throw new IllegalArgumentException(
            Param.BY_RULE.key() + " is not <rule>=<opened>/<open>,...: " + raw);
      }
      return out;
    }

    long reqNumber(Param p) {
      req(p);
      return number(p);
    }

    String sev() {
      return Words.severity(req(Param.SEVERITY), zh);
    }

    String rule() {
      return Words.rule(req(Param.RULE), zh);
    }
  }
}
