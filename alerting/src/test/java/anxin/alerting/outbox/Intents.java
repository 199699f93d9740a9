package anxin.alerting.outbox;

import anxin.alerting.AlertOutcome;
import anxin.alerting.NotificationIntent;
import anxin.alerting.NotificationIntent.Channel;
import anxin.alerting.NotificationIntent.MessageKind;
import anxin.alerting.NotificationIntent.Recipient;
import anxin.alerting.NotificationIntent.RecipientKind;
import anxin.alerting.RuleId;
import anxin.alerting.Severity;
import java.time.Instant;

/** Test intents (the alert store's test uses them too). */
public final class Intents {

  static final String PHONE = "13812341234";

  private Intents() {}

  /** A P1 fall page to a staff member on SMS, due at {@code due}. */
  public static NotificationIntent sms(String alertId, String staffId, Instant due) {
    Recipient r = new Recipient(staffId, RecipientKind.STAFF, PHONE);
    return new NotificationIntent(
        alertId + "/1/" + r.key() + "/sms",
        alertId,
        "fac-1",
        RuleId.FALL,
        Severity.P1,
        "302",
        "R0231",
        1,
        0,
        r,
        Channel.SMS,
        MessageKind.ALERT,
        "zh-CN",
        null,
        due);
  }

  /** A P1 fall page to the facility's console, due at {@code due}. */
  static NotificationIntent console(String alertId, Instant due) {
    Recipient r = new Recipient("st-1", RecipientKind.STAFF, "fac-1");
    return new NotificationIntent(
        alertId + "/1/" + r.key() + "/console",
        alertId,
        "fac-1",
        RuleId.FALL,
        Severity.P1,
        "302",
        "R0231",
        1,
        0,
        r,
        Channel.CONSOLE,
        MessageKind.ALERT,
        "zh-CN",
        null,
        due);
  }

  /** A resolution message to a family contact on SMS, in English. */
  static NotificationIntent resolvedFamily(String alertId, Instant due) {
    Recipient r = new Recipient("fam-1", RecipientKind.FAMILY, PHONE);
    return new NotificationIntent(
        alertId + "/resolved/" + r.key() + "/sms",
        alertId,
        "fac-1",
        RuleId.FALL,
        Severity.P1,
        null,
        null,
        0,
        0,
        r,
        Channel.SMS,
        MessageKind.RESOLVED_FAMILY,
        "en",
        AlertOutcome.ASSISTED,
        due);
  }
}
