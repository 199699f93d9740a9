package anxin.alerting;

import java.util.Optional;

/** How a resolved alert ended (DESIGN §5). */
public enum AlertOutcome {
  ASSISTED("assisted"),
  FALSE_ALARM("false_alarm"),
  CANCELLED_BY_RESIDENT("cancelled_by_resident"),
  TRANSFERRED_TO_HOSPITAL("transferred_to_hospital"),
  AUTO_CLEARED("auto_cleared"),
  OTHER("other");

  private final String wireName;

  AlertOutcome(String wireName) {
    this.wireName = wireName;
  }

  /** The outcome's name in the API and storage, e.g. {@code false_alarm}. */
  public String wireName() {
    return wireName;
  }

  /** The outcome named {@code wireName} exactly, or empty for null or an unknown name. */
  public static Optional<AlertOutcome> fromWireName(String wireName) {
    for (AlertOutcome o : values()) {
      if (o.wireName.equals(wireName)) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }

  /** The lifecycle outcome of a rule's {@link RuleAction.Clear}. */
  public static AlertOutcome of(RuleAction.Outcome cleared) {
    return switch (cleared) {
      case CANCELLED_BY_RESIDENT -> CANCELLED_BY_RESIDENT;
      case AUTO_CLEARED -> AUTO_CLEARED;
    };
  }

  @Override
  public String toString() {
    return wireName;
  }
}
