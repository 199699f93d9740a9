package anxin.platform.config;

import java.util.List;

/** A configuration that cannot be used; {@link #problems()} lists every problem found at once. */
public final class ConfigException extends Exception {

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(problems.size() + " configuration problem(s):\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
