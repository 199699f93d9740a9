package anxin.gateway.journal;

import static anxin.gateway.journal.Events.alarm;
import static anxin.gateway.journal.Events.drain;
import static anxin.gateway.journal.Events.polledSeqs;
import static anxin.gateway.journal.Events.seqs;
import static anxin.gateway.journal.Events.telemetry;
import static org.assertj.core.api.Assertions.assertThat;

import anxin.gateway.Journal;
import anxin.gateway.JournalFullException;
import anxin.protocol.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedJournalTest {

  static final JournalConfig SMALL = new JournalConfig(64 * 1024, 4096);

  @TempDir Path dir;

  @Test
  void append_thenPollAndMarkSent_roundTripsAndEmpties() throws Exception {
    try (SegmentedJournal j = SegmentedJournal.open(dir, JournalConfig.DEFAULT)) {
      Event e = telemetry("door-1", 7).withRssi(-71);
      long id = j.append(e);

      List<Journal.Entry> polled = j.poll(10);

      assertThat(polled).containsExactly(new Journal.Entry(id, e));
      assertThat(j.poll(10)).isEmpty();
      j.markSent(id);
      assertThat(j.size()).isZero();
      assertThat(drain(j)).isEmpty();
    }
  }

  @Test
  void nearlyFullFileSystem_refusesTelemetryBeforeTheReserve_takesAlarms_andDrains()
      throws Exception {
    JournalConfig config = new JournalConfig(16L << 20, 256 << 10);
    long reserve = config.reserveBytes();
    long capacity = 3 * (256 << 10) + reserve; // a small file system of its own
    SegmentedJournal[] journal = new SegmentedJournal[1];
    try (SegmentedJournal j =
        SegmentedJournal.open(dir, config, () -> capacity - journal[0].diskBytes())) {
      journal[0] = j;
      long seq = 0;
      List<Event> batch = new ArrayList<>();
      while (true) {
        batch.clear();
        for (int i = 0; i < 100; i++) {
          batch.add(telemetry("s-" + (seq % 7), ++seq));
        }
        try {
          j.appendAll(batch);
        } catch (JournalFullException e) {
          assertThat(e.getMessage()).contains("kept for acknowledgements");
          break;
        }
      }
      assertThat(capacity - j.diskBytes()).as("free when refused").isGreaterThanOrEqualTo(reserve);
      int queued = j.size();
      assertThat(j.append(alarm("pb-1", 1))).as("an alarm may use the reserve").isPositive();

      // the uplink drains: acknowledgements are written and whole segments reclaimed
      List<Journal.Entry> polled = j.poll(queued + 1);
      for (Journal.Entry e : polled) {
        j.markSent(e.id());
      }
      assertThat(j.size()).isZero();
      assertThat(capacity - j.diskBytes()).isGreaterThan(2L * (256 << 10));
      j.appendAll(batch); // taken again
      assertThat(j.size()).isEqualTo(batch.size());
    }
  }

  @Test
  void poll_sendsAlarmsFirstOldestFirst_thenOthersByArrival() throws Exception {
    try (SegmentedJournal j = SegmentedJournal.open(dir, JournalConfig.DEFAULT)) {
      j.append(telemetry("a", 1));
      j.append(alarm("b", 2));
      j.append(telemetry("c", 3));
      j.append(alarm("d", 4));
      j.append(telemetry("a", 5));

      assertThat(polledSeqs(j.poll(3))).containsExactly(2L, 4L, 1L);
      j.append(alarm("e", 6)); // pressed while the backlog is flushing: it jumps the queue
      assertThat(polledSeqs(j.poll(10))).containsExactly(6L, 3L, 5L);
      assertThat(j.alarms()).isEqualTo(3);
    }
  }

  @Test
  void rewind_makesPolledButUnsentEligibleAgain() throws Exception {
    try (SegmentedJournal j = SegmentedJournal.open(dir, JournalConfig.DEFAULT)) {
      long a = j.append(telemetry("a", 1));
      j.append(telemetry("a", 2));
      j.poll(10);
      j.markSent(a);

      j.rewind();

      assertThat(polledSeqs(j.poll(10))).containsExactly(2L);
    }
  }

  @Test
  void restart_keepsUnsentIncludingPolled_andDropsSent() throws Exception {
    try (SegmentedJournal j = SegmentedJournal.open(dir, SMALL)) {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        ids.add(j.append(i % 50 == 0 ? alarm("d" + i % 7, i) : telemetry("d" + i % 7, i)));
      }
      j.poll(120); // in flight, never acknowledged
      j.markSent(ids.subList(0, 100).stream().mapToLong(Long::longValue).toArray());
    }

    try (SegmentedJournal j = SegmentedJournal.open(dir, SMALL)) {
      List<Long> expected = new ArrayList<>();
      for (long s = 100; s < 200; s++) {
        expected.add(s);
      }
      expected.remove(Long.valueOf(100)); // 100 and 150 are alarms: first
      expected.remove(Long.valueOf(150));
      expected.addAll(0, List.of(100L, 150L));
      assertThat(seqs(drain(j))).isEqualTo(expected);
      assertThat(j.recovery().damagedBytes()).isZero();
    }
  }

  @Test
  void markSent_reclaimsSegments_andCopiesUnsentAlarmsForward() throws Exception {
    try (SegmentedJournal j = SegmentedJournal.open(dir, SMALL)) {
      long panic = j.append(alarm("p", 0));
      List<Long> others = new ArrayList<>();
      for (int i = 1; i <= 300; i++) {
        others.add(j.append(telemetry("t", i)));
      }
      long full = j.diskBytes();

      j.markSent(others.stream().mapToLong(Long::longValue).toArray());

      assertThat(j.diskBytes()).isLessThan(full / 4);
      assertThat(j.size()).isEqualTo(1);
      assertThat(j.poll(10)).extracting(Journal.Entry::id).containsExactly(panic);
    }
    try (SegmentedJournal j = SegmentedJournal.open(dir, SMALL)) {
      assertThat(seqs(drain(j))).containsExactly(0L);
    }
  }

  @Test
  void quotaFullOfTelemetry_newPanicIsKept_oldestTelemetryEvictedAndCounted() throws Exception {
    int n = 3000; // ~60 bytes a record: about 3 quotas' worth
    try (SegmentedJournal j = SegmentedJournal.open(dir, SMALL)) {
      for (int i = 0; i < n; i++) {
        j.append(telemetry("t", i));
      }
      assertThat(j.diskBytes()).isLessThanOrEqualTo(SMALL.quotaBytes());

      j.append(alarm("p", n));

      List<Event> queued = drain(j);
      assertThat(queued.get(0).seq()).isEqualTo(n);
      List<Long> telemetry = seqs(queued.subList(1, queued.size()));
      long oldestKept = telemetry.get(0);
      assertThat(telemetry).isEqualTo(range(oldestKept, n)); // a suffix: evicted oldest first
      assertThat(j.evicted()).isEqualTo(oldestKept).isEqualTo(n + 1 - j.size());
    }
    try (SegmentedJournal j = SegmentedJournal.open(dir, SMALL)) {
      assertThat(j.evicted()).isEqualTo(n + 1 - j.size());
      assertThat(drain(j).get(0).seq()).isEqualTo(n);
    }
  }

  @Test
  void quotaFullOfAlarms_alarmsStillKept_telemetryNotStoredAndCounted() throws Exception {
    try (SegmentedJournal j = SegmentedJournal.open(dir, SMALL)) {
      int alarms = 0;
      while (j.diskBytes() < SMALL.quotaBytes()) {
        j.append(alarm("p", alarms++));
      }

      long id = j.append(telemetry("t", 0));
      j.append(alarm("p", alarms++));

      assertThat(id).isEqualTo(Journal.NOT_STORED);
      assertThat(j.evicted()).isEqualTo(1);
      assertThat(j.alarms()).isEqualTo(alarms).isEqualTo(j.size());
    }
  }

  @Test
  void concurrentAppenders_shareFsyncs_andEveryEventIsKept() throws Exception {
    int threads = 4;
    int each = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (SegmentedJournal j = SegmentedJournal.open(dir, JournalConfig.DEFAULT)) {
      List<Future<?>> fs = new ArrayList<>();
      List<Long> ids = Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < threads; t++) {
        String dev = "dev-" + t;
        fs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    ids.add(j.append(telemetry(dev, i)));
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertThat(ids).doesNotHaveDuplicates().hasSize(threads * each);
    } finally {
      pool.shutdownNow();
    }
    try (SegmentedJournal j = SegmentedJournal.open(dir, JournalConfig.DEFAULT)) {
      List<Event> all = drain(j);
      assertThat(all).hasSize(threads * each);
      for (int t = 0; t < threads; t++) {
        String dev = "dev-" + t;
        assertThat(seqs(all.stream().filter(e -> e.dev().equals(dev)).toList()))
            .isEqualTo(range(0, each)); // per-device order kept
      }
    }
  }

  @Test
  void closed_refusesFurtherUse() throws Exception {
    SegmentedJournal j = SegmentedJournal.open(dir, JournalConfig.DEFAULT);
    j.close();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> j.append(telemetry("a", 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(dir.toString());
  }

  static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      out.add(i);
    }
    return out;
  }
}
