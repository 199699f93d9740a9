package anxin.alerting;

import java.util.List;

/** Rule configuration that cannot be used; {@link #problems()} lists every problem found. */
public final class InvalidRulesException extends IllegalArgumentException {

  private final List<String> problems;

  /**
   * @param problems every problem, each naming the key and the bad value; not empty
   */
  public InvalidRulesException(List<String> problems) {
    super("invalid rule configuration: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, each naming the key and the bad value. */
  public List<String> problems() {
    return problems;
  }
}
