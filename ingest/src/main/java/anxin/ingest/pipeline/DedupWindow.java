package anxin.ingest.pipeline;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The in-memory front of deduplication: per device, the most recent keys (seq and device ts) and
 * whether each is still being written or already durable. The database's {@code event_seen} primary
 * key is the authority behind it; this window keeps duplicates from reaching alerting a second time
 * and lets a retry wait for the write already under way.
 *
 * <p>Keys are compared for equality, never ordered, so the wrap of {@code seq} from 2^32-1 to 0
 * needs no special case. Not thread-safe: the pipeline calls it under its lock.
 */
final class DedupWindow {

  /** What the window knows of a key. */
  sealed interface Seen {}

  /** Never seen (or forgotten): the event is new. */
  record New() implements Seen {}

  /** Seen and being written; completes when durable. */
  record Pending(CompletableFuture<Void> durable) implements Seen {}

  /** Seen and durable. */
  record Durable() implements Seen {}

  private static final Seen NEW = new New();
  private static final Seen DURABLE = new Durable();

  private final int perDevice;
  private final Map<String, LinkedHashMap<Key, Seen>> devices = new HashMap<>();

  private record Key(long seq, long tsKey) {}

  /**
   * @param perDevice how many recent keys to keep per device
   */
  DedupWindow(int perDevice) {
    if (perDevice < 1) {
      throw new IllegalArgumentException("perDevice must be positive: " + perDevice);
    }
    this.perDevice = perDevice;
  }

  /** What is known of this key. */
  Seen check(String device, long seq, long tsKey) {
    LinkedHashMap<Key, Seen> keys = devices.get(device);
    Seen s = keys == null ? null : keys.get(new Key(seq, tsKey));
    return s == null ? NEW : s;
  }

  /** Records a key whose write is under way. */
  void pending(String device, long seq, long tsKey, CompletableFuture<Void> durable) {
    put(device, new Key(seq, tsKey), new Pending(durable));
  }

  /** Records a key as durable (after its write, or preloaded from the database at start). */
  void durable(String device, long seq, long tsKey) {
    put(device, new Key(seq, tsKey), DURABLE);
  }

  /** Number of devices tracked. */
  int devices() {
    return devices.size();
  }

  private void put(String device, Key key, Seen seen) {
    LinkedHashMap<Key, Seen> keys =
        devices.computeIfAbsent(
            device,
            d ->
                new LinkedHashMap<>(16, 0.75f, false) {
                  @Override
                  protected boolean removeEldestEntry(Map.Entry<Key, Seen> eldest) {
                    // A pending key is never forgotten: a retry must find its write.
                    return size() > perDevice && !(eldest.getValue() instanceof Pending);
                  }
                });
    keys.put(key, seen);
  }

  /** The key component for an event's device ts: epoch ms, or -1 when absent. */
  static long tsKey(Long ts) {
    return ts == null ? -1 : ts;
  }
}
