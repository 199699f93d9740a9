package anxin.gateway.journal;

import java.util.Arrays;

/**
 * Where every queued event is, in 9 bytes per event: a {@code long} location (segment number in the
 * high 32 bits, offset in the low 32) and a byte of flags, both indexed by {@code id - base}. Alarm
 * ids are also kept in their own ascending list so that they can be sent first. Not thread-safe:
 * {@link SegmentedJournal} holds its lock.
 */
final class Index {

  static final byte PRESENT = 1;
  static final byte ALARM = 2;
  static final byte DONE = 4;
  static final byte POLLED = 8;

  private long base;
  private long[] loc = new long[1024];
  private byte[] flags = new byte[1024];

  /** Slots in use: ids base .. base + count - 1. */
  private int count;

  /** No queued event below this slot. */
  private int firstLive;

  /** No event eligible for poll among non-alarms below this slot. */
  private int pollCursor;

  private long[] alarmIds = new long[64];
  private int alarmCount;
  private int live;
  private int liveAlarms;

  Index(long base) {
    this(base, 1024);
  }

  /** An index with room for {@code capacity} ids from {@code base} before it grows. */
  Index(long base, int capacity) {
    this.base = base;
    this.loc = new long[Math.max(1024, capacity)];
    this.flags = new byte[loc.length];
  }

  static long loc(long segment, long offset) {
    return segment << 32 | offset;
  }

  static long segmentOf(long loc) {
    return loc >>> 32;
  }

  static long offsetOf(long loc) {
    return loc & 0xFFFF_FFFFL;
  }

  int live() {
    return live;
  }

  int liveAlarms() {
    return liveAlarms;
  }

  /** Id of the oldest queued event, or of the next one to come when none is queued. */
  long firstLiveId() {
    return base + firstLive;
  }

  /**
   * Records where event {@code id} is. A second put of the same id (an alarm copied forward) moves
   * it and keeps its state.
   *
   * @return the previous location when the id was present and queued, -1 when it is new, -2 when it
   *     is out of range or already done (nothing changed)
   */
  long put(long id, long location, boolean alarm) {
    if (id < base) {
      return -2;
    }
    int slot = slotFor(id);
    byte f = flags[slot];
    if ((f & PRESENT) != 0) {
      if ((f & DONE) != 0) {
        return -2;
      }
      long prev = loc[slot];
      loc[slot] = location;
      return prev;
    }
    flags[slot] = (byte) (PRESENT | (alarm ? ALARM : 0));
    loc[slot] = location;
    live++;
    if (alarm) {
      liveAlarms++;
      addAlarm(id);
    }
    return -1;
  }

  /** Moves past leading slots that hold no queued event (after recovery). */
  void settle() {
    while (firstLive < count && !isLive(flags[firstLive])) {
      firstLive++;
    }
    pollCursor = Math.max(pollCursor, firstLive);
  }

  /** Marks a queued event done; returns its location, or -1 when it was not queued. */
  long markDone(long id) {
    long s = id - base;
    if (s < 0 || s >= count || !isLive(flags[(int) s])) {
      return -1;
    }
    int slot = (int) s;
    flags[slot] |= DONE;
    live--;
    if ((flags[slot] & ALARM) != 0) {
      liveAlarms--;
    }
    while (firstLive < count && !isLive(flags[firstLive])) {
      firstLive++;
    }
    pollCursor = Math.max(pollCursor, firstLive);
    return loc[slot];
  }

  boolean isAlarm(long id) {
    return (flags[(int) (id - base)] & ALARM) != 0;
  }

  long locationOf(long id) {
    return loc[(int) (id - base)];
  }

  /** Queued events in send order not yet polled, at most {@code max}; marks them polled. */
  int poll(long[] out, int max) {
    int n = 0;
    int keep = 0;
    for (int i = 0; i < alarmCount; i++) {
      long id = alarmIds[i];
      int slot = (int) (id - base);
      if (slot < 0 || !isLive(flags[slot])) {
        continue; // done: drop it from the list
      }
      alarmIds[keep++] = id;
      if (n < max && (flags[slot] & POLLED) == 0) {
        flags[slot] |= POLLED;
        out[n++] = id;
      }
    }
    alarmCount = keep;
    while (n < max && pollCursor < count) {
      byte f = flags[pollCursor];
      if (isLive(f) && (f & (ALARM | POLLED)) == 0) {
        flags[pollCursor] |= POLLED;
        out[n++] = base + pollCursor;
      }
      pollCursor++;
    }
    return n;
  }

  void rewind() {
    for (int i = firstLive; i < count; i++) {
      flags[i] &= ~POLLED;
    }
    pollCursor = firstLive;
  }

  /** Ids of queued events stored in {@code segment}, ascending. */
  long[] liveIn(long segment, long maxId) {
    long[] out = new long[16];
    int n = 0;
    long last = Math.min(maxId - base, count - 1L);
    for (int i = firstLive; i <= last; i++) {
      if (isLive(flags[i]) && segmentOf(loc[i]) == segment) {
        if (n == out.length) {
          out = Arrays.copyOf(out, n * 2);
        }
        out[n++] = base + i;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** Bytes held by the arrays, for the docs' memory figure. */
  long footprintBytes() {
    return 9L * loc.length + 8L * alarmIds.length;
  }

  private static boolean isLive(byte f) {
    return (f & (PRESENT | DONE)) == PRESENT;
  }

  private void addAlarm(long id) {
    if (alarmCount == alarmIds.length) {
      alarmIds = Arrays.copyOf(alarmIds, alarmCount * 2);
    }
    int at = alarmCount;
    while (at > 0 && alarmIds[at - 1] > id) {
      at--; // only during recovery can an older id come later
    }
    System.arraycopy(alarmIds, at, alarmIds, at + 1, alarmCount - at);
    alarmIds[at] = id;
    alarmCount++;
  }

  private int slotFor(long id) {
    long s = id - base;
    if (s >= Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("index full at id " + id + ", base " + base);
    }
    if (s >= loc.length) {
      if (firstLive > loc.length / 2) {
        compact();
        s = id - base;
      }
      if (s >= loc.length) {
        // grow by a quarter: a copy briefly holds both arrays, which matters on a 48 MB heap
        int cap = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(s + 1, loc.length * 5L / 4));
        loc = Arrays.copyOf(loc, cap);
        flags = Arrays.copyOf(flags, cap);
      }
    }
    count = Math.max(count, (int) s + 1);
    return (int) s;
  }

  /** Drops the slots below {@link #firstLive}. */
  private void compact() {
    int d = firstLive;
    System.arraycopy(loc, d, loc, 0, count - d);
    System.arraycopy(flags, d, flags, 0, count - d);
    Arrays.fill(flags, count - d, count, (byte) 0);
    base += d;
    count -= d;
    firstLive = 0;
    pollCursor -= d;
  }
}
