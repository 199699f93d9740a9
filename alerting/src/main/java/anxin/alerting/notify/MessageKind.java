package anxin.alerting.notify;

/** What a message says; each kind has a template in every language ({@link Templates}). */
public enum MessageKind {
  /** A new alert, to the first audience (DESIGN §5 step 1). */
  ALERT,
  /** An alert nobody acknowledged, to a wider audience (DESIGN §5 steps 2 and 3). */
  ESCALATION,
  /** A repeated page while the alert stays unacknowledged (DESIGN §5 step 4). */
  REMINDER,
  /** Tells a family that was told about an alert how it was resolved. */
  RESOLVED_FAMILY,
  /** The daily summary of technical (P3) alerts. */
  DAILY_DIGEST
}
