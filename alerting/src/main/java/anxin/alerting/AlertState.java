package anxin.alerting;

/** Where an alert is in its lifecycle (DESIGN §5): open → acknowledged → resolved. */
public enum AlertState {
  /** Paged, nobody has said they are going. */
  OPEN("open"),
  /** Someone is going; escalation has stopped. */
  ACKNOWLEDGED("acknowledged"),
  /** Over, with an {@link AlertOutcome}. Final: a retrigger opens a new alert. */
  RESOLVED("resolved");

  private final String wireName;

  AlertState(String wireName) {
    this.wireName = wireName;
  }

  /** The state's name in the API and storage, e.g. {@code acknowledged}. */
  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }

  /** The value with the wire name, if any. */
  public static java.util.Optional<AlertState> fromWireName(String wireName) {
    for (AlertState v : values()) {
      if (v.wireName.equals(wireName)) {
        return java.util.Optional.of(v);
      }
    }
    return java.util.Optional.empty();
  }
}
