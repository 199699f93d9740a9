package anxin.alerting.outbox;

import anxin.alerting.NotificationIntent;
import anxin.alerting.notify.Channel;
import anxin.alerting.notify.MessageKind;
import anxin.alerting.notify.OutgoingMessage;
import anxin.alerting.notify.Param;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a {@link NotificationIntent} (what escalation decided) into an {@link OutgoingMessage}
 * (what a channel sends). The params carry only what the intent knows: severity, rule, facility id,
 * room, resident id (as {@link Param#RESIDENT_CODE}), alert id and, for a resolution, the outcome.
 * Display names, initials and console links are not known here and are left out, so the templates
 * fall back to the resident code and omit the link.
 */
public final class IntentMapping {

  private IntentMapping() {}

  /**
   * @throws IllegalArgumentException when the intent's language is neither {@code zh-CN} nor {@code
   *     en} (a programming error upstream)
   */
  public static OutgoingMessage toMessage(NotificationIntent intent) {
    return new OutgoingMessage(
        intent.dedupKey(),
        channel(intent.channel()),
        intent.recipient().address(),
        intent.language(),
        kind(intent.kind()),
        params(intent));
  }

  static Channel channel(NotificationIntent.Channel channel) {
    return switch (channel) {
      case CONSOLE -> Channel.CONSOLE;
      case WEBHOOK -> Channel.WEBHOOK;
      case SMS -> Channel.SMS;
    };
  }

  static MessageKind kind(NotificationIntent.MessageKind kind) {
    return switch (kind) {
      case ALERT -> MessageKind.ALERT;
      case ESCALATION -> MessageKind.ESCALATION;
      case REMINDER -> MessageKind.REMINDER;
      case RESOLVED_FAMILY -> MessageKind.RESOLVED_FAMILY;
    };
  }

  static Map<String, String> params(NotificationIntent intent) {
    Map<String, String> p = new HashMap<>();
    p.put(Param.SEVERITY.key(), intent.severity().name());
    p.put(Param.RULE.key(), intent.rule().wireName());
    p.put(Param.FACILITY.key(), intent.facility());
    p.put(Param.ALERT_ID.key(), intent.alertId());
    if (intent.room() != null) {
      p.put(Param.ROOM.key(), intent.room());
    }
    if (intent.resident() != null) {
      p.put(Param.RESIDENT_CODE.key(), intent.resident());
    }
    if (intent.outcome() != null) {
      p.put(Param.OUTCOME.key(), intent.outcome().wireName());
    }
    return p;
  }

  /** Lower-case name as stored in {@code notification_outbox.channel}, e.g. {@code sms}. */
  static String storedName(Channel channel) {
    return channel.name().toLowerCase(java.util.Locale.ROOT);
  }

  static Channel channelFromStored(String stored) {
    return Channel.valueOf(stored.toUpperCase(java.util.Locale.ROOT));
  }
}
