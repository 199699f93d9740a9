package anxin.gateway.journal;

import static anxin.gateway.journal.Events.alarm;
import static anxin.gateway.journal.Events.drain;
import static anxin.gateway.journal.Events.telemetry;
import static org.assertj.core.api.Assertions.assertThat;

import anxin.protocol.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A torn or corrupt tail: start-up keeps every record before the damage, invents nothing and does
 * not throw.
 */
class JournalDamageTest {

  static final int EVENTS = 40;

  @TempDir Path tmp;

  /** The events in arrival order, the one segment file's bytes, and where each record ends. */
  final List<Event> events = new ArrayList<>();

  byte[] image;
  String fileName;
  final List<Integer> recordEnds = new ArrayList<>();
  int runs;

  @BeforeEach
  void writeJournal() throws IOException {
    Path dir = tmp.resolve("original");
    try (SegmentedJournal j = SegmentedJournal.open(dir, JournalConfig.DEFAULT)) {
      for (int i = 0; i < EVENTS; i++) {
        Event e = i == 3 || i == EVENTS - 2 ? alarm("pendant-" + i % 3, i) : telemetry("bed-1", i);
        events.add(e);
        j.append(e);
      }
    }
    try (var files = Files.list(dir)) {
      Path seg = files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
      fileName = seg.getFileName().toString();
      image = Files.readAllBytes(seg);
    }
    int off = Records.HEADER_BYTES;
    for (int len; (len = Records.validBody(image, off, image.length)) > 0; ) {
      off += Records.FRAME_BYTES + len;
      recordEnds.add(off);
    }
    assertThat(recordEnds).hasSize(EVENTS);
    assertThat(off).isEqualTo(image.length);
  }

  @Test
  void truncatedAtEveryOffsetOfTheLastRecords_keepsEveryWholeRecordBefore() throws IOException {
    int from = recordEnds.get(EVENTS - 5);
    for (int cut = from; cut <= image.length; cut++) {
      List<Event> recovered = reopen(Arrays.copyOf(image, cut), cut - lastEndWithin(cut));

      assertThat(recovered).as("cut at %d", cut).isEqualTo(sendOrder(wholeRecordsBefore(cut)));
    }
  }

  @Test
  void randomByteFlipsInTheTail_keepEveryRecordBeforeTheFirstFlip() throws IOException {
    long seed = Long.getLong("journal.seed", System.nanoTime());
    System.out.println(
        "JournalDamageTest seed=" + seed + " (rerun with -Djournal.seed=" + seed + ")");
    Random rnd = new Random(seed);
    int from = recordEnds.get(EVENTS - 6);
    for (int run = 0; run < 200; run++) {
      byte[] damaged = image.clone();
      int first = Integer.MAX_VALUE;
      for (int f = 1 + rnd.nextInt(3); f > 0; f--) {
        int at = from + rnd.nextInt(image.length - from);
        damaged[at] ^= (byte) (1 + rnd.nextInt(255));
        first = Math.min(first, at);
      }

      List<Event> recovered = reopen(damaged, image.length - lastEndWithin(first));

      assertThat(recovered)
          .as("seed %d run %d, first flip at %d", seed, run, first)
          .isEqualTo(sendOrder(wholeRecordsBefore(first)));
    }
  }

  @Test
  void zeroFilledTail_asAfterPowerLoss_isCut() throws IOException {
    byte[] padded = Arrays.copyOf(image, image.length + 4096);

    assertThat(reopen(padded, 4096)).isEqualTo(sendOrder(events));
  }

  @Test
  void tornSegmentHeader_isDroppedAndTheJournalStarts() throws IOException {
    assertThat(reopen(Arrays.copyOf(image, 10), 10)).isEmpty();
  }

  @Test
  void damagedOlderSegment_keepsItsPrefix_andEveryLaterSegment() throws IOException {
    Path dir = tmp.resolve("older");
    Files.createDirectories(dir);
    Files.write(dir.resolve(fileName), image);
    try (SegmentedJournal j = SegmentedJournal.open(dir, JournalConfig.DEFAULT)) {
      j.append(telemetry("later", 1000)); // lands in a later segment
    }
    int cut = recordEnds.get(9) + 5; // inside record 11
    byte[] older = image.clone();
    older[cut] ^= 0x10;
    Files.write(dir.resolve(fileName), older);

    try (SegmentedJournal j = SegmentedJournal.open(dir, JournalConfig.DEFAULT)) {
      List<Event> expected = new ArrayList<>(wholeRecordsBefore(cut));
      expected.add(telemetry("later", 1000));
      assertThat(drain(j)).isEqualTo(sendOrder(expected));
      assertThat(j.recovery().damagedBytes()).isEqualTo(image.length - recordEnds.get(9));
    }
  }

  private List<Event> reopen(byte[] segment, long expectedDamage) throws IOException {
    Path dir = tmp.resolve("run" + runs++);
    Files.createDirectories(dir);
    Files.write(dir.resolve(fileName), segment);
    try (SegmentedJournal j = SegmentedJournal.open(dir, JournalConfig.DEFAULT)) {
      List<Event> out = drain(j);
      assertThat(j.recovery().damagedBytes()).isEqualTo(expectedDamage);
      return out;
    }
  }

  /** End of the last whole record within the first {@code length} bytes (header counted). */
  private int lastEndWithin(int length) {
    int end = Records.HEADER_BYTES;
    for (int e : recordEnds) {
      if (e <= length) {
        end = e;
      }
    }
    return end;
  }

  private List<Event> wholeRecordsBefore(int offset) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < EVENTS && recordEnds.get(i) <= offset; i++) {
      out.add(events.get(i));
    }
    return out;
  }

  private static List<Event> sendOrder(List<Event> arrival) {
    List<Event> out = new ArrayList<>(arrival.stream().filter(e -> e.type().isAlarm()).toList());
    out.addAll(arrival.stream().filter(e -> !e.type().isAlarm()).toList());
    return out;
  }
}
