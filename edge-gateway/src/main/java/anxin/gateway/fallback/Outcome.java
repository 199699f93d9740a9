package anxin.gateway.fallback;

/**
 * What the local actions of an alarm did, as short words for the log and the status message.
 *
 * @param command {@code ok}, {@code exit N}, {@code timeout}, {@code error} or {@code none}
 * @param webhook {@code ok}, {@code http N}, {@code timeout}, {@code error} or {@code none}
 */
public record Outcome(String command, String webhook) {

  /** For alarms whose actions were cut short by a restart. */
  public static final Outcome UNKNOWN = new Outcome("unknown", "unknown");
}
