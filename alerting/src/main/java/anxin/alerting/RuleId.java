package anxin.alerting;

/**
 * The alert rules of DESIGN §4, with their wire names and severities. "Repeated falls" is not a
 * rule of its own: it is the note on a {@link #FALL} trigger.
 */
public enum RuleId {
  PANIC("panic", Severity.P1),
  FALL("fall", Severity.P1),
  NIGHT_EXIT("night_exit", Severity.P2),
  DOOR_LEFT_OPEN("door_left_open", Severity.P3),
  NOT_BACK_IN_BED("not_back_in_bed", Severity.P2),
  INACTIVITY("inactivity", Severity.P2),
  DEVICE_SILENT("device_silent", Severity.P3),
  GATEWAY_OFFLINE("gateway_offline", Severity.P2),
  BATTERY_LOW("battery_low", Severity.P3),
  TAMPER("tamper", Severity.P2);

  private final String wireName;
  private final Severity severity;

  RuleId(String wireName, Severity severity) {
    this.wireName = wireName;
    this.severity = severity;
  }

  /** The rule's name in APIs, storage and metrics tags, e.g. {@code night_exit}. */
  public String wireName() {
    return wireName;
  }

  /** The severity DESIGN §4 gives the rule. */
  public Severity severity() {
    return severity;
  }

  /**
   * True for the rules whose subject is a resident ({@link #INACTIVITY}) rather than a device or a
   * gateway; see {@link RuleAction#subject()}.
   */
  public boolean aboutResident() {
    return this == INACTIVITY;
  }

  @Override
  public String toString() {
    return wireName;
  }

  /** The value with the wire name, if any. */
  public static java.util.Optional<RuleId> fromWireName(String wireName) {
    for (RuleId v : values()) {
      if (v.wireName.equals(wireName)) {
        return java.util.Optional.of(v);
      }
    }
    return java.util.Optional.empty();
  }
}
