package anxin.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.protocol.Event;
import anxin.testing.FuzzInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The journal's start-up on a damaged segment, as in {@link JournalDamageTest} but with the damage
 * chosen by the fuzzer: up to 8 flipped bytes anywhere (header included), a cut, and bytes appended
 * after the end. Opening never throws, keeps every whole record before the first damaged byte, and
 * finds no more records than were written.
 */
public final class JournalFuzzTarget implements AutoCloseable {

  static final int EVENTS = 12;

  private final Path tmp;
  private final List<Event> events = new ArrayList<>();
  private final List<Integer> recordEnds = new ArrayList<>();
  private final byte[] image;
  private final String fileName;
  private int runs;

  public JournalFuzzTarget() throws IOException {
    // Start-up fsyncs what it repairs: on tmpfs (Linux) that costs nothing, so inputs run faster.
    Path shm = Path.of("/dev/shm");
    tmp =
        Files.isDirectory(shm) && Files.isWritable(shm)
            ? Files.createTempDirectory(shm, "journal-fuzz")
            : Files.createTempDirectory("journal-fuzz");
    Path dir = tmp.resolve("original");
    try (SegmentedJournal j = SegmentedJournal.open(dir, JournalConfig.DEFAULT)) {
      for (int i = 0; i < EVENTS; i++) {
        Event e = i % 4 == 1 ? Events.alarm("pb-" + i % 3, i) : Events.telemetry("bed-1", i);
        events.add(e);
        j.append(e);
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      Path seg = files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
      fileName = seg.getFileName().toString();
      image = Files.readAllBytes(seg);
    }
    int off = Records.HEADER_BYTES;
    for (int len; (len = Records.validBody(image, off, image.length)) > 0; ) {
      off += Records.FRAME_BYTES + len;
      recordEnds.add(off);
    }
  }

  /** The undamaged segment, for seeds. */
  public int length() {
    return image.length;
  }

  public void run(FuzzInput in) throws IOException {
    byte[] damaged = image.clone();
    int firstDamage = damaged.length;
    int flips = in.pick(9);
    for (int i = 0; i < flips; i++) {
      int at = ((in.u8() << 8) | in.u8()) % damaged.length;
      damaged[at] ^= (byte) (1 + in.pick(255));
      firstDamage = Math.min(firstDamage, at);
    }
    if (in.bool()) {
      int cut = ((in.u8() << 8) | in.u8()) % (damaged.length + 1);
      damaged = Arrays.copyOf(damaged, cut);
      firstDamage = Math.min(firstDamage, cut);
    }
    byte[] tail = in.rest();
    byte[] file = Arrays.copyOf(damaged, damaged.length + tail.length);
    System.arraycopy(tail, 0, file, damaged.length, tail.length);

    Path dir = tmp.resolve("run" + runs++);
    Files.createDirectories(dir);
    Files.write(dir.resolve(fileName), file);
    List<Event> recovered;
    try (SegmentedJournal j = SegmentedJournal.open(dir, JournalConfig.DEFAULT)) {
      recovered = Events.drain(j);
    } finally {
      delete(dir);
    }

    assertThat(recovered).containsAll(wholeRecordsBefore(firstDamage));
    assertThat(recovered.size()).isLessThanOrEqualTo(EVENTS);
  }

  private List<Event> wholeRecordsBefore(int offset) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < EVENTS && recordEnds.get(i) <= offset; i++) {
      out.add(events.get(i));
    }
    return out;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void close() throws IOException {
    delete(tmp);
  }
}
