package anxin.testing;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/**
 * Bytes allocated by the current thread, for fuzz targets that bound what decoding one input may
 * allocate: a count kept by the JVM (HotSpot's {@code com.sun.management.ThreadMXBean}), not a
 * timing, so the same input always gives about the same figure.
 */
public final class Allocations {

  private static final com.sun.management.ThreadMXBean THREADS = threads();

  private Allocations() {}

  /** Whether this JVM counts allocations per thread; when false, {@link #of} returns -1. */
  public static boolean supported() {
    return THREADS != null;
  }

  /**
   * Runs {@code work} on this thread.
   *
   * @return what it returned, with the bytes it allocated (-1 when not {@link #supported()})
   */
  public static <T> Measured<T> of(Supplier<T> work) {
    long id = Thread.currentThread().getId();
    long before = THREADS == null ? 0 : THREADS.getThreadAllocatedBytes(id);
    T value = work.get();
    long after = THREADS == null ? -1 : THREADS.getThreadAllocatedBytes(id);
    return new Measured<>(value, after - before);
  }

  /**
   * Runs {@code work} and fails when it allocated more than {@code fixed + perInputByte ×
   * inputLength} bytes. The first run of a code path also allocates the classes it loads and the
   * caches it fills, so a run over the bound is repeated once and only the repeat counts: the bound
   * is on the work, not on the JVM warming up.
   *
   * @param what names the work in the failure message
   * @return what the (last) run of {@code work} returned
   */
  public static <T> T bounded(
      String what, long fixed, long perInputByte, int inputLength, Supplier<T> work) {
    long bound = fixed + perInputByte * inputLength;
    Measured<T> m = of(work);
    if (m.bytes() > bound) {
      m = of(work);
    }
    if (m.bytes() > bound) {
      throw new AssertionError(
          what
              + " allocated "
              + m.bytes()
              + " bytes for a "
              + inputLength
              + "-byte input, over the bound "
              + fixed
              + " + "
              + perInputByte
              + " × length = "
              + bound);
    }
    return m.value();
  }

  /** A result and the bytes allocated to compute it. */
  public record Measured<T>(T value, long bytes) {}

  private static com.sun.management.ThreadMXBean threads() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
        && t.isThreadAllocatedMemorySupported()) {
      t.setThreadAllocatedMemoryEnabled(true);
      return t;
    }
    return null;
  }
}
