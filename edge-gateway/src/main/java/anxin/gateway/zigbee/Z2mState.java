package anxin.gateway.zigbee;

import anxin.protocol.Limits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Zigbee2MQTT adapter remembers per device: the next {@code seq} (Zigbee devices have
 * none, DESIGN §3 needs one) and the last value of each mapped field (to emit only on changes).
 *
 * <p>A {@code seq} must never be issued twice for one device, or the platform would drop the second
 * event as a duplicate. So seqs are reserved in blocks of {@link #BLOCK}: before the first seq of a
 * block is handed out, the file records the block's end (written to a temporary file, forced,
 * renamed over the old one, directory forced). After a crash the device continues at the recorded
 * end, skipping at most one block: gaps are harmless, repeats are not. Field values are saved with
 * each reservation, on {@link #save} and at most every {@link #SAVE_EVERY} otherwise; after a crash
 * a change may be emitted a second time (with a new seq).
 *
 * <p>Not thread-safe: the adapter calls it from Paho's single callback thread.
 */
public final class Z2mState {

  private static final Logger log = LoggerFactory.getLogger(Z2mState.class);

  /** Seqs reserved per write. */
  static final int BLOCK = 64;

  /** Unsaved field changes are written at most this late (while messages keep arriving). */
  static final Duration SAVE_EVERY = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final class Device {
    long next; // issued so far, unbounded; seq = next mod 2^32
    long reserved; // persisted: no seq at or after this was handed out
    final Map<String, JsonNode> fields = new HashMap<>();
    Instant lastEmitted;
  }

  private final Path file;
  private final Map<String, Device> devices = new HashMap<>();
  private boolean dirty;
  private Instant lastSave = Instant.MIN;

  private Z2mState(Path file) {
    this.file = file;
  }

  /** State kept only in memory (tests). */
  public static Z2mState inMemory() {
    return new Z2mState(null);
  }

  /** Loads the state file, or starts empty when there is none. */
  public static Z2mState open(Path file) throws IOException {
    Z2mState s = new Z2mState(file);
    if (Files.exists(file)) {
      JsonNode root = JSON.readTree(file.toFile());
      for (Map.Entry<String, JsonNode> e : root.path("devices").properties()) {
        Device d = new Device();
        d.next = e.getValue().path("reserved").asLong(0);
        d.reserved = d.next;
        for (Map.Entry<String, JsonNode> f : e.getValue().path("fields").properties()) {
          d.fields.put(f.getKey(), f.getValue());
        }
        s.devices.put(e.getKey(), d);
      }
      log.info("z2m: state of {} devices loaded from {}", s.devices.size(), file);
    }
    return s;
  }

  /** The next seq for {@code device}, reserved durably first when a new block starts. */
  long nextSeq(String device) throws IOException {
    Device d = device(device);
    if (d.next >= d.reserved) {
      long before = d.reserved;
      d.reserved = d.next + BLOCK;
      try {
        write();
      } catch (IOException e) {
        d.reserved = before; // not durable: hand out nothing from this block
        throw e;
      }
    }
    return d.next++ & Limits.MAX_SEQ;
  }

  /** The last value seen of {@code field}, or null. */
  JsonNode field(String device, String field) {
    return device(device).fields.get(field);
  }

  void setField(String device, String field, JsonNode value) {
    JsonNode old = device(device).fields.put(field, value);
    if (old == null || !same(old, value)) {
      dirty = true;
    }
  }

  Instant lastEmitted(String device) {
    return device(device).lastEmitted;
  }

  void emitted(String device, Instant at) {
    device(device).lastEmitted = at;
  }

  /** Writes unsaved field values if the last write is {@link #SAVE_EVERY} old. */
  void saveIfDue(Instant now) throws IOException {
    if (dirty && Duration.between(lastSave, now).compareTo(SAVE_EVERY) >= 0) {
      lastSave = now;
      write();
    }
  }

  /** Writes everything now (on close). */
  public void save() throws IOException {
    write();
  }

  private Device device(String id) {
    return devices.computeIfAbsent(id, k -> new Device());
  }

  private void write() throws IOException {
    if (file == null) {
      dirty = false;
      return;
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("v", 1);
    ObjectNode all = root.putObject("devices");
    devices.forEach(
        (id, d) -> {
          ObjectNode n = all.putObject(id);
          n.put("reserved", d.reserved);
          ObjectNode f = n.putObject("fields");
          d.fields.forEach(f::set);
        });
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    Path dir = file.toAbsolutePath().getParent();
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
    dirty = false;
  }

  /** JSON scalars equal as values: numbers by value ({@code 1} and {@code 1.0}), else by text. */
  static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }
}
