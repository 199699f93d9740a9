package anxin.alerting.notify;

/**
 * How messages name a resident. Residents' data is personal health data: the less a pager or a
 * family SMS says, the less leaks from a lost phone or a group chat.
 */
public enum ResidentDisplay {
  /** The resident code only. */
  CODE,
  /** Initials (or the facility's short form), else the code. The default. */
  INITIALS,
  /** The full name, else initials, else the code. Only when the facility configures it. */
  FULL_NAME
}
