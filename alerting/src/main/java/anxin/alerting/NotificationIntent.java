package anxin.alerting;

import java.time.Instant;
import java.util.Objects;

/**
 * A message that should be sent: what the escalation decided, plain so that an outbox can persist
 * it and send it at most once in effect by {@link #dedupKey()}.
 *
 * @param dedupKey {@code <alertId>/<step>/<recipientKey>/<channel>}, plus {@code /r<n>} for the
 *     n-th reminder; {@code <alertId>/resolved/<recipientKey>/<channel>} for a resolution message
 *     (see {@link Recipient#key()}); unique for the life of the system, never null
 * @param alertId the alert, never null
 * @param facility facility id, never null
 * @param rule the alert's rule, for the message template, never null
 * @param severity the alert's severity, never null
 * @param room the alert's room label, or null
 * @param resident the alert's resident id, or null
 * @param step the escalation step (1-based) this message belongs to; for a reminder the step whose
 *     audience is reminded; 0 for a resolution message
 * @param reminder the reminder's ordinal (1, 2, …), 0 when not a reminder
 * @param recipient who gets it and where, never null
 * @param channel how, never null
 * @param kind which message, never null
 * @param language the recipient's language tag ({@code zh-CN} or {@code en}), never null
 * @param outcome the alert's outcome for {@link MessageKind#RESOLVED_FAMILY}, else null
 * @param due when it became due: the step's or reminder's time, or the end of quiet hours it was
 *     held back to; intents are handed on at or after this, never before
 */
public record NotificationIntent(
    String dedupKey,
    String alertId,
    String facility,
    RuleId rule,
    Severity severity,
    String room,
    String resident,
    int step,
    int reminder,
    Recipient recipient,
    Channel channel,
    MessageKind kind,
    String language,
    AlertOutcome outcome,
    Instant due) {

  public NotificationIntent {
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(facility, "facility");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(due, "due");
  }

  /** How a message is sent (DESIGN §5). */
  public enum Channel {
    /** The staff console (in-process, Server-Sent Events); address = staff id. */
    CONSOLE("console"),
    /** Pager or IM webhook (generic JSON, DingTalk, WeCom); address = the webhook target. */
    WEBHOOK("webhook"),
    /** SMS; address = phone number. */
    SMS("sms");

    private final String wireName;

    Channel(String wireName) {
      this.wireName = wireName;
    }

    /** Name in configuration, dedup keys and metric tags, e.g. {@code sms}. */
    public String wireName() {
      return wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }
  }

  /** Which message template. */
  public enum MessageKind {
    /** The first page of an alert (step 1, or a later step reached by falling through). */
    ALERT,
    /** A later step: nobody has acknowledged yet. */
    ESCALATION,
    /** Still nobody has acknowledged. */
    REMINDER,
    /** To a family contact who was told of the alert: it is over, with its outcome. */
    RESOLVED_FAMILY
  }

  /** Whether a recipient is staff or a resident's family contact. */
  public enum RecipientKind {
    STAFF("staff"),
    FAMILY("family");

    private final String wireName;

    RecipientKind(String wireName) {
      this.wireName = wireName;
    }

    /** Name in dedup keys, e.g. {@code family}. */
    public String wireName() {
      return wireName;
    }
  }

  /**
   * Who gets a message and where.
   *
   * @param id staff id or family contact id, never null
   * @param kind staff or family, never null
   * @param address where on the intent's channel: staff id (console), webhook target, phone (SMS);
   *     never null
   */
  public record Recipient(String id, RecipientKind kind, String address) {
    public Recipient {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(address, "address");
    }

    /**
     * {@code <kind>.<id>}, e.g. {@code staff.st-7}: unique even where staff and family ids clash.
     */
    public String key() {
      return kind.wireName() + "." + id;
    }
  }
}
