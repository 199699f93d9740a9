package anxin.alerting.notify;

import java.util.List;

/** Channel configuration that cannot be used; {@link #problems()} lists every problem found. */
public final class InvalidNotifyConfigException extends IllegalArgumentException {

  private final List<String> problems;

  /**
   * @param problems every problem, each naming the key and (unless secret) the bad value
   */
  public InvalidNotifyConfigException(List<String> problems) {
    super("invalid channel configuration: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found. */
  public List<String> problems() {
    return problems;
  }
}
