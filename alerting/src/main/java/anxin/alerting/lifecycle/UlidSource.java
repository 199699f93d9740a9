package anxin.alerting.lifecycle;

import anxin.alerting.AlertIdSource;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Alert ids as ULIDs (26 characters of Crockford base32: 48 bits of milliseconds, then 80 random
 * bits), e.g. {@code 01KB0Z8F2M6QX4J9T7W3R5N8PD}. Monotonic: within one millisecond, or when {@code
 * now} goes back, the random part of the previous id is incremented, so ids always sort in the
 * order they were issued. One thread at a time.
 */
public final class UlidSource implements AlertIdSource {

  private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final long MAX_TIME = (1L << 48) - 1;

  private final RandomGenerator random;
  private long lastTime = -1;
  private long hi; // upper 16 random bits
  private long lo; // lower 64 random bits

  /**
   * @param random source of the random part; a {@link java.security.SecureRandom} in production, a
   *     seeded generator in tests
   */
  public UlidSource(RandomGenerator random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public String next(Instant now) {
    long time = now.toEpochMilli();
    if (time < 0 || time > MAX_TIME) {
      throw new IllegalArgumentException("time out of ULID range: " + now);
    }
    if (time <= lastTime) {
      time = lastTime;
      lo++;
      if (lo == 0) {
        hi = (hi + 1) & 0xFFFF;
      }
    } else {
      lastTime = time;
      hi = random.nextLong() & 0xFFFF;
      lo = random.nextLong();
    }
    char[] out = new char[26];
    for (int i = 9; i >= 0; i--) {
      out[i] = CROCKFORD[(int) (time & 31)];
      time >>>= 5;
    }
    // 80 random bits as 16 characters: 16 bits of hi then 64 of lo, 5 bits at a time from the end.
    long l = lo;
    long h = hi;
    for (int i = 25; i >= 10; i--) {
      out[i] = CROCKFORD[(int) (l & 31)];
      l = (l >>> 5) | ((h & 31) << 59);
      h >>>= 5;
    }
    return new String(out);
  }
}
