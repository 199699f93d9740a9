package anxin.alerting;

/**
 * The per-resident flags that switch rules on (DESIGN §4).
 *
 * @param wanderingRisk night exit applies to the resident
 * @param livesAlone inactivity applies to the resident
 * @param fallRisk recorded for staff and reports; no rule depends on it yet
 */
public record CarePlan(boolean wanderingRisk, boolean livesAlone, boolean fallRisk) {

  /** No flags: the plan of a resident without one. */
  public static final CarePlan NONE = new CarePlan(false, false, false);
}
