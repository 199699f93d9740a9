package anxin.gateway.uplink;

import anxin.gateway.Journal;
import anxin.protocol.Format;
import anxin.protocol.codec.EventCodec;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Packs polled journal entries into {@code _batch} payloads (DESIGN §3: a message may carry an
 * array of envelopes). Each event is encoded once and the array is assembled from the pieces, so
 * the size of a batch is known exactly before it is built: a CBOR array (RFC 8949 §3.1, major type
 * 4, definite length) is its header followed by its items; a JSON array is {@code [}, the items
 * separated by commas, {@code ]}.
 *
 * <p>Entries wait here between polls when they did not fit the previous batch. Alarms among them go
 * before the others, so an alarm polled now overtakes telemetry polled earlier; among the others,
 * the order of arrival (and so each device's order) is kept. Not thread-safe: the sender's.
 */
final class Batcher {

  /** One encoded event. */
  record Packed(long id, boolean alarm, byte[] bytes) {}

  /**
   * One message to publish, or (when {@code payload} is null) one event too large to send at all.
   *
   * @param ids the journal ids it carries, to mark sent on PUBACK
   * @param alarms how many of them are alarms
   */
  record Batch(long[] ids, byte[] payload, int alarms) {
    boolean tooLarge() {
      return payload == null;
    }
  }

  private final EventCodec codec;
  private final Format format;
  private final int maxEvents;
  private final int maxBytes;
  private final ArrayDeque<Packed> alarms = new ArrayDeque<>();
  private final ArrayDeque<Packed> others = new ArrayDeque<>();

  Batcher(EventCodec codec, Format format, int maxEvents, int maxBytes) {
    this.codec = codec;
    this.format = format;
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
  }

  /** Takes polled entries, in the journal's send order. */
  void add(List<Journal.Entry> entries) {
    for (Journal.Entry e : entries) {
      boolean alarm = e.event().type().isAlarm();
      (alarm ? alarms : others).add(new Packed(e.id(), alarm, codec.encode(e.event(), format)));
    }
  }

  /** Entries waiting for a batch. */
  int pending() {
    return alarms.size() + others.size();
  }

  /** How many more entries are worth polling before the next batch: enough to fill it. */
  int room() {
    return Math.max(0, maxEvents - pending());
  }

  /** Forgets what waits here (after {@link Journal#rewind}, which hands it out again). */
  void clear() {
    alarms.clear();
    others.clear();
  }

  /** The next batch: waiting alarms first, then the others, within both limits; null if none. */
  Batch next() {
    if (pending() == 0) {
      return null;
    }
    Packed first = head();
    if (overhead(1) + first.bytes.length > maxBytes) {
      take();
      return new Batch(new long[] {first.id}, null, first.alarm ? 1 : 0);
    }
    int n = 0;
    int itemBytes = 0;
    Packed[] taken = new Packed[Math.min(maxEvents, pending())];
    while (n < taken.length) {
      Packed p = head();
      if (overhead(n + 1) + itemBytes + p.bytes.length > maxBytes) {
        break;
      }
      taken[n++] = take();
      itemBytes += p.bytes.length;
    }
    return assemble(taken, n, itemBytes);
  }

  private Packed head() {
    return alarms.isEmpty() ? others.peekFirst() : alarms.peekFirst();
  }

  private Packed take() {
    return alarms.isEmpty() ? others.pollFirst() : alarms.pollFirst();
  }

  private Batch assemble(Packed[] taken, int n, int itemBytes) {
    byte[] out = new byte[overhead(n) + itemBytes];
    long[] ids = new long[n];
    int alarmCount = 0;
    int pos;
    if (format == Format.JSON) {
      out[0] = '[';
      pos = 1;
    } else {
      pos = cborArrayHeader(out, n);
    }
    for (int i = 0; i < n; i++) {
      if (format == Format.JSON && i > 0) {
        out[pos++] = ',';
      }
      byte[] b = taken[i].bytes;
      System.arraycopy(b, 0, out, pos, b.length);
      pos += b.length;
      ids[i] = taken[i].id;
      alarmCount += taken[i].alarm ? 1 : 0;
    }
    if (format == Format.JSON) {
      out[pos++] = ']';
    }
    if (pos != out.length) {
      throw new IllegalStateException("batch size miscounted: " + pos + " != " + out.length);
    }
    return new Batch(ids, out, alarmCount);
  }

  /** Bytes of a batch of {@code n} events other than the events themselves. */
  private int overhead(int n) {
    if (format == Format.JSON) {
      return 2 + Math.max(0, n - 1);
    }
    return n < 24 ? 1 : n < 256 ? 2 : n < 65536 ? 3 : 5;
  }

  /** RFC 8949 §3.1: major type 4 with the count in the additional information or what follows. */
  private static int cborArrayHeader(byte[] out, int n) {
    if (n < 24) {
      out[0] = (byte) (0x80 | n);
      return 1;
    }
    if (n < 256) {
      out[0] = (byte) 0x98;
      out[1] = (byte) n;
      return 2;
    }
    if (n < 65536) {
      out[0] = (byte) 0x99;
      out[1] = (byte) (n >>> 8);
      out[2] = (byte) n;
      return 3;
    }
    out[0] = (byte) 0x9a;
    out[1] = (byte) (n >>> 24);
    out[2] = (byte) (n >>> 16);
    out[3] = (byte) (n >>> 8);
    out[4] = (byte) n;
    return 5;
  }
}
