package anxin.alerting.rule;

import java.util.Arrays;

/**
 * One device's {@code seq} order: the highest {@code seq} seen and which of the {@value #SIZE}
 * before it have been seen, so that a late event is told from a duplicate in O(1) and 40 bytes.
 *
 * <p>{@code seq} wraps from 2^32-1 to 0 (DESIGN §3), so order is the signed 32-bit distance {@code
 * (int) (seq - last)}: positive is ahead, negative behind. An event more than {@value #SIZE} behind
 * cannot be told from a duplicate and is taken as late: a page twice (merged by the alert book) is
 * better than a page lost.
 */
final class SeqWindow {

  /** How it arrived relative to the device's other events. */
  enum Arrival {
    /** Ahead of every event seen so far (or the first). */
    IN_ORDER,
    /** Behind the highest seen, and not seen before (or too far behind to know). */
    LATE,
    /** Seen before. */
    DUPLICATE
  }

  static final int SIZE = 256;
  private static final int MASK = SIZE - 1;

  private final long[] seen = new long[SIZE / 64];
  private long last = -1;

  Arrival accept(long seq) {
    if (last < 0) {
      last = seq;
      mark(seq);
      return Arrival.IN_ORDER;
    }
    int distance = (int) (seq - last);
    if (distance > 0) {
      if (distance >= SIZE) {
        Arrays.fill(seen, 0L);
      } else {
        for (long s = last + 1, end = last + distance; s <= end; s++) {
          unmark(s);
        }
      }
      last = seq;
      mark(seq);
      return Arrival.IN_ORDER;
    }
    if (distance == 0) {
      return Arrival.DUPLICATE;
    }
    if (distance <= -SIZE) {
      return Arrival.LATE;
    }
    if (isMarked(seq)) {
      return Arrival.DUPLICATE;
    }
    mark(seq);
    return Arrival.LATE;
  }

  /** True when {@code a} comes after {@code b} in wrapping {@code seq} order. */
  static boolean after(long a, long b) {
    return (int) (a - b) > 0;
  }

  private void mark(long seq) {
    int i = (int) (seq & MASK);
    seen[i >>> 6] |= 1L << (i & 63);
  }

  private void unmark(long seq) {
    int i = (int) (seq & MASK);
    seen[i >>> 6] &= ~(1L << (i & 63));
  }

  private boolean isMarked(long seq) {
    int i = (int) (seq & MASK);
    return (seen[i >>> 6] & (1L << (i & 63))) != 0;
  }
}
