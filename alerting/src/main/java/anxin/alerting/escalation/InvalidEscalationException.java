package anxin.alerting.escalation;

import java.util.List;

/** Escalation configuration that cannot be used; {@link #problems()} lists every problem found. */
public final class InvalidEscalationException extends IllegalArgumentException {

  private final List<String> problems;

  /**
   * @param problems every problem, each naming the key and the bad value; not empty
   */
  public InvalidEscalationException(List<String> problems) {
    super("invalid escalation configuration: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, each naming the key and the bad value. */
  public List<String> problems() {
    return problems;
  }
}
