package anxin.alerting.notify.webhook;

import anxin.alerting.notify.OutgoingMessage;
import anxin.alerting.notify.Param;
import anxin.alerting.notify.Templates.Rendered;
import anxin.alerting.notify.WebhookTarget;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** The JSON body of each {@link anxin.alerting.notify.WebhookFormat}. */
final class RobotBodies {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RobotBodies() {}

  static String body(WebhookTarget target, OutgoingMessage m, Rendered r, String resident) {
    ObjectNode root = JSON.createObjectNode();
    boolean zh = OutgoingMessage.ZH_CN.equals(m.language());
    switch (target.format()) {
      case GENERIC -> generic(root, m, r, resident);
      case DINGTALK -> {
        // DingTalk custom robot: markdown {title, text} or text {content}.
        if (target.markdown()) {
          root.put("msgtype", "markdown");
          ObjectNode md = root.putObject("markdown");
          md.put("title", r.title());
          md.put("text", "#### " + r.title() + "\n\n" + r.text() + linkLine(r, zh));
        } else {
          root.put("msgtype", "text");
          root.putObject("text").put("content", plain(r));
        }
      }
      case WECOM -> {
        // WeCom group robot: markdown {content} or text {content}.
        if (target.markdown()) {
          root.put("msgtype", "markdown");
          root.putObject("markdown")
              .put("content", "**" + r.title() + "**\n> " + r.text() + linkLine(r, zh));
        } else {
          root.put("msgtype", "text");
          root.putObject("text").put("content", plain(r));
        }
      }
    }
    return root.toString();
  }

  private static void generic(ObjectNode root, OutgoingMessage m, Rendered r, String resident) {
    putIfPresent(root, "alert", m.param(Param.ALERT_ID));
    putIfPresent(root, "severity", m.param(Param.SEVERITY));
    putIfPresent(root, "rule", m.param(Param.RULE));
    root.put("kind", m.kind().name().toLowerCase(Locale.ROOT));
    root.put("language", m.language());
    root.put("title", r.title());
    root.put("text", r.text());
    putIfPresent(root, "facility", m.param(Param.FACILITY));
    putIfPresent(root, "room", m.param(Param.ROOM));
    putIfPresent(root, "resident", resident);
    putIfPresent(root, "delay_s", m.param(Param.DELAY_SECONDS));
    putIfPresent(root, "date", m.param(Param.DATE));
    putIfPresent(root, "count", m.param(Param.COUNT));
    putIfPresent(root, "open", m.param(Param.OPEN));
    putIfPresent(root, "link", r.link());
    root.put("dedup_key", m.dedupKey());
  }

  private static String linkLine(Rendered r, boolean zh) {
    return r.link() == null
        ? ""
        : "\n\n[" + (zh ? "打开控制台" : "Open console") + "](" + r.link() + ")";
  }

  private static String plain(Rendered r) {
    return r.title() + "\n" + r.text() + (r.link() == null ? "" : "\n" + r.link());
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null && !value.isBlank()) {
      node.put(field, value);
    }
  }
}
