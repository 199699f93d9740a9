package anxin.alerting;

import java.util.Objects;

/**
 * Something that happened to an alert, to publish (the console's Server-Sent Events of DESIGN §6:
 * opened, updated, escalated, acknowledged, resolved).
 *
 * @param kind what happened, never null
 * @param alert the alert after it happened, never null
 * @param step the escalation step taken (1-based) for {@link Kind#ESCALATED}, else 0
 */
public record AlertEvent(Kind kind, Alert alert, int step) {

  public AlertEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(alert, "alert");
  }

  /** What happened; {@link #wireName()} is the SSE event name. */
  public enum Kind {
    OPENED("alert.opened"),
    UPDATED("alert.updated"),
    ESCALATED("alert.escalated"),
    ACKNOWLEDGED("alert.acknowledged"),
    RESOLVED("alert.resolved");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    /** The SSE event name, e.g. {@code alert.opened}. */
    public String wireName() {
      return wireName;
    }
  }
}
