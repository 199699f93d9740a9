package anxin.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.gateway.Journal;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's sizing claim: a million queued events appended, recovered after a restart, read
 * back in send order and reclaimed. Prints the figures quoted in docs/gateway-journal.md.
 */
class JournalMillionTest {

  static final int N = 1_000_000;
  static final int DEVICES = 200;

  @TempDir Path dir;

  @Test
  void millionEvents_appendRestartReadBackAndReclaim() throws Exception {
    long t0 = System.nanoTime();
    try (SegmentedJournal j = SegmentedJournal.open(dir, JournalConfig.DEFAULT)) {
      List<Event> batch = new ArrayList<>(1000);
      for (int i = 0; i < N; i++) {
        EventType type = i % 1000 == 999 ? EventType.FALL : EventType.HEARTBEAT;
        batch.add(Event.of("sensor-" + i % DEVICES, i / DEVICES, type).withBat(90));
        if (batch.size() == 1000) {
          j.appendAll(batch);
          batch.clear();
        }
      }
      assertThat(j.size()).isEqualTo(N);
      System.out.printf(
          "1M: appended in %d ms (batches of 1000, one fsync each), %d MB on disk, index %d kB%n",
          ms(t0), j.diskBytes() >> 20, j.indexBytes() >> 10);
    }

    Runtime rt = Runtime.getRuntime();
    System.gc();
    long heapBefore = rt.totalMemory() - rt.freeMemory();
    long t1 = System.nanoTime();
    try (SegmentedJournal j = SegmentedJournal.open(dir, JournalConfig.DEFAULT)) {
      long opened = ms(t1);
      System.gc();
      long heapAfter = rt.totalMemory() - rt.freeMemory();
      assertThat(j.recovery().queued()).isEqualTo(N);
      assertThat(j.indexBytes()).isLessThan(16L << 20);
      System.out.printf(
          "1M: reopened in %d ms; index arrays %d kB; heap delta after open ~%d kB%n",
          opened, j.indexBytes() >> 10, (heapAfter - heapBefore) >> 10);

      long t2 = System.nanoTime();
      long[] lastSeq = new long[DEVICES];
      java.util.Arrays.fill(lastSeq, -1);
      int alarms = 0;
      int read = 0;
      boolean othersStarted = false;
      for (List<Journal.Entry> b = j.poll(10_000); !b.isEmpty(); b = j.poll(10_000)) {
        long[] ids = new long[b.size()];
        for (int k = 0; k < ids.length; k++) {
          Event e = b.get(k).event();
          ids[k] = b.get(k).id();
          if (e.type().isAlarm()) {
            assertThat(othersStarted).as("alarm after other events").isFalse();
            alarms++;
          } else {
            othersStarted = true;
            int dev = Integer.parseInt(e.dev().substring("sensor-".length()));
            assertThat(e.seq()).isGreaterThan(lastSeq[dev]); // per-device order
            lastSeq[dev] = e.seq();
          }
        }
        read += ids.length;
        j.markSent(ids);
      }
      assertThat(read).isEqualTo(N);
      assertThat(alarms).isEqualTo(N / 1000);
      assertThat(j.size()).isZero();
      assertThat(j.diskBytes()).isLessThan(JournalConfig.DEFAULT.segmentBytes() * 2L);
      System.out.printf("1M: read back in send order and marked sent in %d ms%n", ms(t2));
    }
  }

  private static long ms(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
