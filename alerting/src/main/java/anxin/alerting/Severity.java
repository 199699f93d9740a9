package anxin.alerting;

/** How urgent an alert is (DESIGN §4). */
public enum Severity {
  /** Life-safety: paged at once and escalated up to families (DESIGN §5). */
  P1,
  /** Welfare: paged to the zone's caregivers with longer escalation delays. */
  P2,
  /** Technical: console and daily digest, never SMS at night. */
  P3
}
