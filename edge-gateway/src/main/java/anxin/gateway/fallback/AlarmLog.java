package anxin.gateway.fallback;

import anxin.gateway.StatusAttachment;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of local alarms, and how they reach the platform: a small append-only file of JSON
 * lines ({@code raised}, {@code outcome}, {@code reported}), each forced to disk, and the {@link
 * StatusAttachment} that puts the alarms not yet reported into the gateway's retained status
 * message as {@code "local_alarms":[…]} until the broker acknowledged one that carried them.
 *
 * <p>An alarm is reported once its actions finished (or, after a restart cut them short, with
 * outcome {@code unknown}). A line torn by a crash is skipped on open. The file is rewritten empty
 * on open when everything in it was reported. Thread-safe.
 */
public final class AlarmLog implements StatusAttachment, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AlarmLog.class);

  /** Alarms per status message, at most; the rest follow in the next ones. */
  static final int MAX_PER_STATUS = 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Entry(LocalAlarm alarm, Outcome outcome) {}

  private final Path file;
  private final FileChannel out;
  private final TreeMap<Long, Entry> unreported = new TreeMap<>();
  private long next = 1;
  private long total;

  private AlarmLog(Path file, FileChannel out) {
    this.file = file;
    this.out = out;
  }

  /** Opens or creates the log. */
  public static AlarmLog open(Path file) throws IOException {
    TreeMap<Long, Entry> pending = new TreeMap<>();
    long next = 1;
    long reportedUpTo = 0;
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        JsonNode n;
        try {
          n = JSON.readTree(line);
        } catch (IOException e) {
          log.warn("fallback: skipping a damaged line of {}", file);
          continue;
        }
        if (n == null || !n.isObject()) {
          continue;
        }
        long no = n.path("n").asLong(0);
        next = Math.max(next, no + 1);
        switch (n.path("rec").asText()) {
          case "raised" -> {
            try {
              Event e =
                  Event.of(
                      n.path("dev").asText(),
                      n.path("seq").asLong(),
                      EventType.fromWireName(n.path("type").asText()).orElseThrow());
              pending.put(
                  no,
                  new Entry(
                      new LocalAlarm(
                          no,
                          e,
                          Instant.ofEpochMilli(n.path("at").asLong()),
                          n.path("down_ms").asLong()),
                      Outcome.UNKNOWN));
            } catch (RuntimeException ex) {
              log.warn("fallback: skipping a bad alarm line of {}", file);
            }
          }
          case "outcome" -> {
            Entry old = pending.get(no);
            if (old != null) {
              pending.put(
                  no,
                  new Entry(
                      old.alarm,
                      new Outcome(n.path("command").asText(), n.path("webhook").asText())));
            }
          }
          case "reported" -> reportedUpTo = Math.max(reportedUpTo, no);
          default -> {}
        }
      }
    }
    pending.headMap(reportedUpTo, true).clear();
    boolean compact = pending.isEmpty() && Files.exists(file);
    FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    ch.position(ch.size());
    if (compact) {
      ch.truncate(0);
      ch.force(true);
    } else if (ch.size() > 0) {
      ByteBuffer last = ByteBuffer.allocate(1);
      ch.read(last, ch.size() - 1);
      ch.position(ch.size());
      if (last.get(0) != '\n') {
        ch.write(ByteBuffer.wrap(new byte[] {'\n'})); // end a line torn by a crash
      }
    }
    AlarmLog l = new AlarmLog(file, ch);
    l.unreported.putAll(pending);
    l.next = next;
    if (compact) {
      // numbers go on increasing across a compaction
      l.append(JSON.createObjectNode().put("rec", "reported").put("n", next - 1));
    }
    return l;
  }

  /** Records a new alarm (forced to disk) and returns it with its number. */
  public synchronized LocalAlarm raised(Event event, Instant at, long uplinkDownMillis)
      throws IOException {
    LocalAlarm a = new LocalAlarm(next++, event, at, uplinkDownMillis);
    ObjectNode n =
        JSON.createObjectNode()
            .put("rec", "raised")
            .put("n", a.number())
            .put("dev", event.dev())
            .put("seq", event.seq())
            .put("type", event.type().wireName())
            .put("at", at.toEpochMilli())
            .put("down_ms", uplinkDownMillis);
    append(n);
    unreported.put(a.number(), new Entry(a, null));
    total++;
    return a;
  }

  /** Records what the actions of alarm {@code number} did. */
  public synchronized void outcome(long number, Outcome outcome) throws IOException {
    append(
        JSON.createObjectNode()
            .put("rec", "outcome")
            .put("n", number)
            .put("command", outcome.command())
            .put("webhook", outcome.webhook()));
    Entry e = unreported.get(number);
    if (e != null) {
      unreported.put(number, new Entry(e.alarm, outcome));
    }
  }

  /** Alarms raised since open. */
  public synchronized long total() {
    return total;
  }

  /** Alarms not yet reported upstream, oldest first, with their outcomes (null while running). */
  public synchronized List<Map.Entry<LocalAlarm, Outcome>> unreported() {
    List<Map.Entry<LocalAlarm, Outcome>> out = new ArrayList<>();
    unreported
        .values()
        .forEach(e -> out.add(new java.util.AbstractMap.SimpleEntry<>(e.alarm, e.outcome)));
    return out;
  }

  @Override
  public synchronized Snapshot snapshot() {
    ArrayNode list = JSON.createArrayNode();
    long upTo = 0;
    for (Entry e : unreported.values()) {
      if (e.outcome == null || list.size() == MAX_PER_STATUS) {
        break; // reported in number order: stop at the first still running
      }
      Event ev = e.alarm.event();
      list.addObject()
          .put("dev", ev.dev())
          .put("seq", ev.seq())
          .put("type", ev.type().wireName())
          .put("raised_at", e.alarm.raisedAt().toEpochMilli())
          .put("uplink_down_ms", e.alarm.uplinkDownMillis())
          .put("command", e.outcome.command())
          .put("webhook", e.outcome.webhook());
      upTo = e.alarm.number();
    }
    if (list.isEmpty()) {
      return null;
    }
    return new Snapshot("\"local_alarms\":" + list, upTo);
  }

  @Override
  public synchronized void delivered(Snapshot snapshot) {
    try {
      append(JSON.createObjectNode().put("rec", "reported").put("n", snapshot.token()));
    } catch (IOException e) {
      log.warn("fallback: cannot record that alarms were reported: {}", e.toString());
    }
    unreported.headMap(snapshot.token(), true).clear();
  }

  private void append(ObjectNode n) throws IOException {
    ByteBuffer b = ByteBuffer.wrap((n.toString() + "\n").getBytes(StandardCharsets.UTF_8));
    while (b.hasRemaining()) {
      out.write(b);
    }
    out.force(false);
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }

  @Override
  public String toString() {
    return "AlarmLog[" + file + "]";
  }
}
