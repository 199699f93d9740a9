package anxin.alerting.outbox;

/** The state of one outbox row, as stored in {@code notification_outbox.state}. */
public enum OutboxState {
  /** Waiting for its {@code next_attempt}. */
  PENDING("pending"),
  /** Claimed by a dispatcher and being sent. */
  SENDING("sending"),
  /** The channel's next hop accepted it (see {@link anxin.alerting.notify.Delivery.Delivered}). */
  DELIVERED("delivered"),
  /** Not retryable, or out of attempts; {@code last_error} says why. Final. */
  FAILED("failed");

  private final String wireName;

  OutboxState(String wireName) {
    this.wireName = wireName;
  }

  /** The stored value, e.g. {@code pending}. */
  public String wireName() {
    return wireName;
  }

  static OutboxState fromWireName(String s) {
    for (OutboxState state : values()) {
      if (state.wireName.equals(s)) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown outbox state: " + s);
  }
}
