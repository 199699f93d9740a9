package anxin.ingest.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tuning of the events endpoint ({@link HttpIngestRoutes}).
 *
 * @param receiptTimeout how long to wait for the pipeline's receipt before answering 503 (default 5
 *     s); the message may still be stored afterwards, and the retry is then a duplicate
 * @param busyRetryAfter {@code Retry-After} of a 503 (default 5 s; sent in whole seconds)
 * @param rateLimitedRetryAfter {@code Retry-After} of a 429 (default 10 s; whole seconds)
 */
public record HttpIngestSettings(
    Duration receiptTimeout, Duration busyRetryAfter, Duration rateLimitedRetryAfter) {

  /** 5 s, 5 s, 10 s. */
  public static final HttpIngestSettings DEFAULTS =
      new HttpIngestSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10));

  /** Checks every value and reports every problem at once. */
  public HttpIngestSettings {
    List<String> problems = new ArrayList<>();
    requirePositive("receiptTimeout", receiptTimeout, problems);
    requirePositive("busyRetryAfter", busyRetryAfter, problems);
    requirePositive("rateLimitedRetryAfter", rateLimitedRetryAfter, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid HTTP ingest settings: " + problems);
    }
  }

  private static void requirePositive(String name, Duration d, List<String> problems) {
    if (d == null || d.isNegative() || d.isZero()) {
      problems.add(name + " must be a positive duration: " + d);
    }
  }
}
