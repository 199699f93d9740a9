package anxin.alerting.notify;

/**
 * Template parameters of an {@link OutgoingMessage}, by key. Which kinds need which is in {@link
 * Templates}; a missing required parameter is a programming error, a missing optional one leaves
 * its phrase out.
 */
public enum Param {
  /** {@code P1}, {@code P2} or {@code P3}. */
  SEVERITY("severity"),
  /** A rule's wire name ({@code fall}, {@code panic}, {@code night_exit}, ...). */
  RULE("rule"),
  /** The facility's display name, e.g. {@code 阳光颐养院}. */
  FACILITY("facility"),
  /** Room or place, e.g. {@code 302}. */
  ROOM("room"),
  /** The resident's code, e.g. {@code R0231}: shown when nothing else is allowed or known. */
  RESIDENT_CODE("resident_code"),
  /** The resident's initials or short form, e.g. {@code 张某} or {@code Z.X.}. */
  RESIDENT_INITIALS("resident_initials"),
  /** The resident's full name: shown only with {@link ResidentDisplay#FULL_NAME}. */
  RESIDENT_NAME("resident_name"),
  /** For a delayed alert, how late its event arrived, in whole seconds. */
  DELAY_SECONDS("delay_s"),
  /** The alert id, e.g. {@code A1234}. */
  ALERT_ID("alert_id"),
  /** The alert's console link (webhooks and console only; never in SMS). */
  LINK("link"),
  /** Escalation and reminder: whole minutes since the alert opened without acknowledgement. */
  UNACKED_MINUTES("unacked_min"),
  /** Resolution outcome (DESIGN §5): {@code assisted}, {@code false_alarm}, ... */
  OUTCOME("outcome"),
  /** Daily digest: the local date it is due on, e.g. {@code 2026-11-29}. */
  DATE("date"),
  /** Daily digest: number of technical alerts opened in the 24 h before it. */
  COUNT("count"),
  /** Daily digest: how many of them are still open (or acknowledged, not resolved). */
  OPEN("open"),
  /**
   * Daily digest: the alerts by rule, {@code <rule>=<opened>/<open>} comma-separated, most first,
   * e.g. {@code device_silent=3/1,battery_low=1/0}.
   */
  BY_RULE("by_rule");

  private final String key;

  Param(String key) {
    this.key = key;
  }

  /** The key in {@link OutgoingMessage#params()}. */
  public String key() {
    return key;
  }
}
