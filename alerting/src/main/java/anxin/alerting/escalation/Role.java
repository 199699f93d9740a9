package anxin.alerting.escalation;

/** What a staff member may be paged as (DESIGN §5). */
public enum Role {
  /** Looks after the residents of their zones. */
  CAREGIVER,
  /** Leads a shift; paged at step 2 with every on-duty colleague. */
  SUPERVISOR,
  /** Runs the facility; paged at step 3 whether on shift or not. */
  MANAGER
}
