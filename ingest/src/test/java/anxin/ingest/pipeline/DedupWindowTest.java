package anxin.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DedupWindowTest {

  @Test
  void durableKey_isDuplicate_untilLimitNewerKeysOfItsDevice() {
    DedupWindow w = new DedupWindow(3);
    w.durable("d1", 1, -1);
    w.durable("d2", 9, -1);
    assertThat(w.check("d1", 1, -1)).isInstanceOf(DedupWindow.Durable.class);
    w.durable("d1", 2, -1);
    w.durable("d1", 3, -1);
    assertThat(w.check("d1", 1, -1)).isInstanceOf(DedupWindow.Durable.class);
    w.durable("d1", 4, -1);
    assertThat(w.check("d1", 1, -1)).isInstanceOf(DedupWindow.New.class);
    assertThat(w.check("d1", 4, -1)).isInstanceOf(DedupWindow.Durable.class);
    assertThat(w.check("d2", 9, -1))
        .as("another device's keys")
        .isInstanceOf(DedupWindow.Durable.class);
  }

  @Test
  void keysDifferingOnlyInTs_orAcrossTheSeqWrap_areDistinct() {
    DedupWindow w = new DedupWindow(8);
    w.durable("d", 4_294_967_295L, 1_700_000_000_000L);
    assertThat(w.check("d", 0, 1_700_000_000_000L)).isInstanceOf(DedupWindow.New.class);
    assertThat(w.check("d", 4_294_967_295L, 1_700_000_000_001L))
        .isInstanceOf(DedupWindow.New.class);
    assertThat(w.check("d", 4_294_967_295L, -1)).isInstanceOf(DedupWindow.New.class);
    w.durable("d", 0, -1);
    assertThat(w.check("d", 0, -1)).isInstanceOf(DedupWindow.Durable.class);
    assertThat(w.check("d", 4_294_967_295L, 1_700_000_000_000L))
        .isInstanceOf(DedupWindow.Durable.class);
  }

  @Test
  void pendingKey_isNeverForgotten_andBecomesDurable() {
    DedupWindow w = new DedupWindow(2);
    long write = 41;
    w.pending("d", 1, -1, write);
    for (int seq = 2; seq < 100; seq++) {
      w.durable("d", seq, -1);
    }
    assertThat(w.check("d", 1, -1))
        .isEqualTo(new DedupWindow.Pending(write))
        .as("the retry waits for the write under way");
    w.durable("d", 1, -1);
    assertThat(w.check("d", 1, -1)).isInstanceOf(DedupWindow.Durable.class);
    assertThat(w.pending()).isZero();
  }

  /**
   * Random work against a plain model (a set and a queue per device), on a few devices with seqs
   * and ts from small ranges so that keys repeat, probes collide and every position of the ring and
   * its index is evicted many times; limits below, at and above the initial capacity.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 15, 16, 17, 37, 64, 1024})
  void agreesWithAModel_onRandomWork(int limit) {
    Random random = new Random(limit);
    DedupWindow w = new DedupWindow(limit);
    Model model = new Model(limit);
    int range = Math.max(4, limit * 3);
    for (int op = 0; op < 200_000; op++) {
      String dev = "d" + random.nextInt(3);
      long seq = random.nextInt(range) + (random.nextBoolean() ? 0 : 4_294_967_296L - range);
      long ts = random.nextInt(4) == 0 ? -1 : random.nextInt(3);
      switch (random.nextInt(4)) {
        case 0 -> {
          long number = op + 1L;
          w.pending(dev, seq, ts, number);
          model.pending(dev, seq, ts, number);
        }
        case 1, 2 -> {
          w.durable(dev, seq, ts);
          model.durable(dev, seq, ts);
        }
        default -> {}
      }
      String probe = "d" + random.nextInt(3);
      long probeSeq = random.nextInt(range) + (random.nextBoolean() ? 0 : 4_294_967_296L - range);
      long probeTs = random.nextInt(4) == 0 ? -1 : random.nextInt(3);
      assertThat(w.check(probe, probeSeq, probeTs))
          .as("op %d: %s/%d/%d", op, probe, probeSeq, probeTs)
          .isEqualTo(model.check(probe, probeSeq, probeTs));
    }
    assertThat(w.devices()).isEqualTo(3);
  }

  /** The window's contract, written plainly. */
  private static final class Model {
    private record Key(String dev, long seq, long ts) {}

    private final int limit;
    private final Map<Key, Long> pending = new HashMap<>();
    private final Set<Key> durable = new HashSet<>();
    private final Map<String, ArrayDeque<Key>> order = new HashMap<>();

    Model(int limit) {
      this.limit = limit;
    }

    void pending(String dev, long seq, long ts, long number) {
      pending.put(new Key(dev, seq, ts), number);
    }

    void durable(String dev, long seq, long ts) {
      Key k = new Key(dev, seq, ts);
      pending.remove(k);
      if (durable.add(k)) {
        ArrayDeque<Key> q = order.computeIfAbsent(dev, d -> new ArrayDeque<>());
        q.addLast(k);
        if (q.size() > limit) {
          durable.remove(q.removeFirst());
        }
      }
    }

    DedupWindow.Seen check(String dev, long seq, long ts) {
      Key k = new Key(dev, seq, ts);
      if (pending.containsKey(k)) {
        return new DedupWindow.Pending(pending.get(k));
      }
      return durable.contains(k) ? new DedupWindow.Durable() : new DedupWindow.New();
    }
  }
}
