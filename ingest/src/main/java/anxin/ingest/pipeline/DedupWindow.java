package anxin.ingest.pipeline;

import java.util.HashMap;
import java.util.Map;

/**
 * The in-memory front of deduplication: per device, the most recent keys (seq and device ts) that
 * are durable, and every key whose write is still under way. The database's {@code event_seen}
 * primary key is the authority behind it; this window keeps duplicates from reaching alerting a
 * second time and lets a retry wait for the write already under way.
 *
 * <p>Keys are compared for equality, never ordered, so the wrap of {@code seq} from 2^32-1 to 0
 * needs no special case. Not thread-safe: the pipeline calls it under its lock.
 *
 * <p>Durable keys live in a {@link Recent} per device, a ring of primitive keys with an
 * open-addressing index, not in a map of key objects: at the sustainable rate a map's two objects
 * per event (entry and key) lived for minutes, so every young collection copied them and then
 * promoted them, which lengthened the pauses a page can meet (docs/benchmarks.md). A ring holds 16
 * bytes of key per event plus 8 of index, allocated as the device's window grows, and nothing per
 * event once it is full. Keys being written are few and short-lived and stay in a map.
 */
final class DedupWindow {

  /** What the window knows of a key. */
  sealed interface Seen {}

  /** Never seen (or forgotten): the event is new. */
  record New() implements Seen {}

  /** Seen and being written, as the writer's write {@code number}. */
  record Pending(long number) implements Seen {}

  /** Seen and durable. */
  record Durable() implements Seen {}

  private static final Seen NEW = new New();
  private static final Seen DURABLE = new Durable();

  private final int perDevice;
  private final Map<String, Recent> devices = new HashMap<>();
  // A pending key is never forgotten, however many there are: a retry must find its write.
  private final Map<Key, Long> pending = new HashMap<>();

  private record Key(String device, long seq, long tsKey) {}

  /**
   * @param perDevice how many recent durable keys to keep per device
   */
  DedupWindow(int perDevice) {
    if (perDevice < 1) {
      throw new IllegalArgumentException("perDevice must be positive: " + perDevice);
    }
    this.perDevice = perDevice;
  }

  /** What is known of this key. */
  Seen check(String device, long seq, long tsKey) {
    if (!pending.isEmpty()) {
      Long number = pending.get(new Key(device, seq, tsKey));
      if (number != null) {
        return new Pending(number);
      }
    }
    Recent recent = devices.get(device);
    return recent != null && recent.contains(seq, tsKey) ? DURABLE : NEW;
  }

  /** Records a key whose write, number {@code number}, is under way. */
  void pending(String device, long seq, long tsKey, long number) {
    pending.put(new Key(device, seq, tsKey), number);
  }

  /** Records a key as durable (after its write, or preloaded from the database at start). */
  void durable(String device, long seq, long tsKey) {
    if (!pending.isEmpty()) {
      pending.remove(new Key(device, seq, tsKey));
    }
    devices.computeIfAbsent(device, d -> new Recent(perDevice)).add(seq, tsKey);
  }

  /** Number of devices tracked. */
  int devices() {
    return devices.size();
  }

  /** Number of keys being written. */
  int pending() {
    return pending.size();
  }

  /** The key component for an event's device ts: epoch ms, or -1 when absent. */
  static long tsKey(Long ts) {
    return ts == null ? -1 : ts;
  }

  /**
   * One device's most recent distinct keys, at most {@code limit}, the eldest forgotten first: a
   * ring of (seq, ts) pairs in two arrays, and a linear-probing index of ring positions (plus one;
   * 0 is empty) at most half full. The arrays start small and double up to the limit.
   */
  static final class Recent {

    private static final int INITIAL = 16;

    private final int limit;
    private long[] seqs;
    private long[] tsKeys;
    private int[] index;
    private int head; // eldest key's position in the ring
    private int size;

    Recent(int limit) {
      this.limit = limit;
      allocate(Math.min(INITIAL, limit));
    }

    boolean contains(long seq, long tsKey) {
      int mask = index.length - 1;
      for (int i = hash(seq, tsKey) & mask; ; i = (i + 1) & mask) {
        int v = index[i];
        if (v == 0) {
          return false;
        }
        if (seqs[v - 1] == seq && tsKeys[v - 1] == tsKey) {
          return true;
        }
      }
    }

    /** Adds a key unless present, forgetting the eldest when full. */
    void add(long seq, long tsKey) {
      if (contains(seq, tsKey)) {
        return;
      }
      if (size == seqs.length) {
        if (size < limit) {
          grow();
        } else {
          unindex(head);
          head = next(head);
          size--;
        }
      }
      int pos = head + size;
      if (pos >= seqs.length) {
        pos -= seqs.length;
      }
      seqs[pos] = seq;
      tsKeys[pos] = tsKey;
      index(pos);
      size++;
    }

    private int next(int pos) {
      return pos + 1 == seqs.length ? 0 : pos + 1;
    }

    private void allocate(int capacity) {
      seqs = new long[capacity];
      tsKeys = new long[capacity];
      // a power of two at least twice the capacity: probes stay short
      index = new int[Integer.highestOneBit(capacity) << (Integer.bitCount(capacity) == 1 ? 1 : 2)];
    }

    private void grow() {
      long[] oldSeqs = seqs;
      long[] oldTs = tsKeys;
      int oldHead = head;
      allocate(Math.min(oldSeqs.length * 2, limit));
      for (int k = 0, p = oldHead; k < size; k++, p = p + 1 == oldSeqs.length ? 0 : p + 1) {
        seqs[k] = oldSeqs[p];
        tsKeys[k] = oldTs[p];
        index(k);
      }
      head = 0;
    }

    private void index(int pos) {
      int mask = index.length - 1;
      int i = hash(seqs[pos], tsKeys[pos]) & mask;
      while (index[i] != 0) {
        i = (i + 1) & mask;
      }
      index[i] = pos + 1;
    }

    /** Removes a position from the index, shifting back the entries probed past it. */
    private void unindex(int pos) {
      int mask = index.length - 1;
      int i = hash(seqs[pos], tsKeys[pos]) & mask;
      while (index[i] != pos + 1) {
        i = (i + 1) & mask;
      }
      index[i] = 0;
      for (int j = (i + 1) & mask; index[j] != 0; j = (j + 1) & mask) {
        int v = index[j];
        int home = hash(seqs[v - 1], tsKeys[v - 1]) & mask;
        // v may move to the hole at i unless its home lies cyclically in (i, j]
        boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
        if (!stays) {
          index[i] = v;
          index[j] = 0;
          i = j;
        }
      }
    }

    private static int hash(long seq, long tsKey) {
      long h = seq * 0x9E3779B97F4A7C15L + tsKey;
      h ^= h >>> 32;
      h *= 0xD6E8FEB86659FD93L;
      return (int) (h ^ (h >>> 32));
    }
  }
}
