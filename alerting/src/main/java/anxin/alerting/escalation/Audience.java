package anxin.alerting.escalation;

/** Who an escalation step pages, as named in a policy. */
public enum Audience {
  /** On-duty caregivers whose zones include the zone of the alert's room. */
  ZONE_CAREGIVERS("zone_caregivers"),
  /** Every staff member on duty. */
  ON_DUTY_STAFF("on_duty_staff"),
  /** On-duty staff with the supervisor role. */
  SUPERVISOR("supervisor"),
  /** Staff with the manager role, on duty or not. */
  MANAGERS("managers"),
  /** The family contacts of the alert's resident. */
  FAMILY("family");

  private final String wireName;

  Audience(String wireName) {
    this.wireName = wireName;
  }

  /** Name in a policy, e.g. {@code zone_caregivers}. */
  public String wireName() {
    return wireName;
  }

  /** The audience with the name, or null. */
  static Audience fromWireName(String name) {
    for (Audience a : values()) {
      if (a.wireName.equals(name)) {
        return a;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
