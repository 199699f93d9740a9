package anxin.alerting;

import java.util.Objects;

/**
 * The answer to a staff action from the API (acknowledge, resolve): applied, with what changed, or
 * rejected with a precise reason. A rejection is a value, not an exception: the request came from
 * outside and is answered in HTTP terms ({@link Reason#status()}).
 */
public sealed interface StaffActionResult
    permits StaffActionResult.Applied, StaffActionResult.Rejected {

  /**
   * The action was applied.
   *
   * @param alert the alert afterwards, never null
   * @param changes what changed; {@link Changes#NONE} when the action was a no-op (a second
   *     acknowledgement, acknowledging a resolved alert, repeating a resolution)
   */
  record Applied(Alert alert, Changes changes) implements StaffActionResult {
    public Applied {
      Objects.requireNonNull(alert, "alert");
      Objects.requireNonNull(changes, "changes");
    }

    /** True when nothing changed. */
    public boolean noop() {
      return changes.isEmpty();
    }
  }

  /**
   * The action was refused; nothing changed.
   *
   * @param reason why, never null
   * @param detail one line naming the bad value, never null
   */
  record Rejected(Reason reason, String detail) implements StaffActionResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Why a staff action was refused. */
  enum Reason {
    /** No alert has the id. */
    UNKNOWN_ALERT("unknown_alert", 404),
    /** Resolve without an outcome. */
    OUTCOME_MISSING("outcome_missing", 400),
    /** Resolve with an outcome that is not one of DESIGN §5. */
    UNKNOWN_OUTCOME("unknown_outcome", 400),
    /** Resolve of an alert already resolved with another outcome. */
    ALREADY_RESOLVED("already_resolved", 409);

    private final String wireName;
    private final int status;

    Reason(String wireName, int status) {
      this.wireName = wireName;
      this.status = status;
    }

    /** The reason in an API error body, e.g. {@code outcome_missing}. */
    public String wireName() {
      return wireName;
    }

    /** The HTTP status to answer with. */
    public int status() {
      return status;
    }
  }
}
