package anxin.alerting;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Durations as configuration files write them: {@code 500ms}, {@code 30s}, {@code 15min}, {@code
 * 1h}, or ISO-8601 ({@code PT30S}).
 */
public final class Durations {

  private Durations() {}

  /** The duration, or null when {@code s} is not one of the forms above. */
  public static Duration parse(String s) {
    if (s == null) {
      return null;
    }
    try {
      if (s.startsWith("P") || s.startsWith("p")) {
        return Duration.parse(s);
      }
      int i = 0;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == 0 || i > 12) {
        return null;
      }
      long n = Long.parseLong(s.substring(0, i));
      return switch (s.substring(i).strip()) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "min" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> null;
      };
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }
}
