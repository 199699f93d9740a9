package anxin.platform.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Brute-force protection for bearer tokens: after {@code maxFailures} wrong tokens from one address
 * within {@code window}, that address is refused for the rest of the window without even checking
 * its tokens. Bounded memory: the least recently failing addresses are forgotten first.
 */
public final class AuthGuard {

  private static final int MAX_TRACKED = 10_000;

  private record Failures(Instant since, int count) {}

  private final Clock clock;
  private final int maxFailures;
  private final Duration window;
  private final Map<String, Failures> failures =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
          return size() > MAX_TRACKED;
        }
      };

  public AuthGuard(Clock clock, int maxFailures, Duration window) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxFailures = maxFailures;
    this.window = Objects.requireNonNull(window, "window");
  }

  /** Ten wrong tokens per address in 5 minutes. */
  public static AuthGuard defaults(Clock clock) {
    return new AuthGuard(clock, 10, Duration.ofMinutes(5));
  }

  /** True when the address is locked out now. */
  public synchronized boolean locked(String address) {
    Failures f = current(address);
    return f != null && f.count() >= maxFailures;
  }

  /** Counts a wrong token from the address. */
  public synchronized void failed(String address) {
    Failures f = current(address);
    failures.put(
        address,
        f == null ? new Failures(clock.instant(), 1) : new Failures(f.since(), f.count() + 1));
  }

  private Failures current(String address) {
    Failures f = failures.get(address);
    if (f != null && f.since().plus(window).isBefore(clock.instant())) {
      failures.remove(address);
      return null;
    }
    return f;
  }
}
