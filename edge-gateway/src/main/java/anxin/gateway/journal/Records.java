package anxin.gateway.journal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk framing (docs/gateway-journal.md, "File format"). Big-endian throughout.
 *
 * <pre>
 * segment header (32 bytes): magic "AXJ1" | lowId i64 | nextId i64 | evicted i64 | crc32c(first 28) i32
 * record: bodyLength i32 | crc32c(body) i32 | body
 *   EVENT   body: kind=1 | flags u8 (bit 0 alarm) | id i64 | CBOR envelope (DESIGN §3)
 *   ACK     body: kind=2 | id i64 ...
 *   EVICTED body: kind=3 | total evictions i64
 * </pre>
 */
final class Records {

  static final int MAGIC = 0x41584A31; // "AXJ1"
  static final int HEADER_BYTES = 32;
  static final int FRAME_BYTES = 8;
  static final byte EVENT = 1;
  static final byte ACK = 2;
  static final byte EVICTED = 3;
  static final int EVENT_PREFIX = 10;
  static final int MAX_ACK_IDS = 4096;

  /** Larger than any record we write (a 64 KiB envelope, 4096 acked ids); longer is damage. */
  static final int MAX_BODY = 128 * 1024;

  private Records() {}

  /** A segment header. */
  record Header(long lowId, long nextId, long evicted) {}

  static ByteBuffer header(Header h) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
    b.putInt(MAGIC).putLong(h.lowId()).putLong(h.nextId()).putLong(h.evicted());
    b.putInt(crc(b.array(), 0, HEADER_BYTES - 4));
    return b.flip();
  }

  /** The header at the start of {@code b}, or null when it is missing or damaged. */
  static Header readHeader(ByteBuffer b) {
    if (b.remaining() < HEADER_BYTES || b.getInt(0) != MAGIC) {
      return null;
    }
    byte[] a = new byte[HEADER_BYTES];
    b.get(0, a);
    if (crc(a, 0, HEADER_BYTES - 4) != b.getInt(HEADER_BYTES - 4)) {
      return null;
    }
    return new Header(b.getLong(4), b.getLong(12), b.getLong(20));
  }

  static int eventRecordBytes(int payloadBytes) {
    return FRAME_BYTES + EVENT_PREFIX + payloadBytes;
  }

  static void putEvent(ByteBuffer out, long id, boolean alarm, byte[] payload) {
    int bodyStart = out.position() + FRAME_BYTES;
    out.putInt(EVENT_PREFIX + payload.length).putInt(0);
    out.put(EVENT).put((byte) (alarm ? 1 : 0)).putLong(id).put(payload);
    seal(out, bodyStart);
  }

  static ByteBuffer ack(long[] ids, int from, int to) {
    ByteBuffer out = ByteBuffer.allocate(FRAME_BYTES + 1 + 8 * (to - from));
    out.putInt(1 + 8 * (to - from)).putInt(0).put(ACK);
    for (int i = from; i < to; i++) {
      out.putLong(ids[i]);
    }
    seal(out, FRAME_BYTES);
    return out.flip();
  }

  static ByteBuffer evicted(long total) {
    ByteBuffer out = ByteBuffer.allocate(FRAME_BYTES + 9);
    out.putInt(9).putInt(0).put(EVICTED).putLong(total);
    seal(out, FRAME_BYTES);
    return out.flip();
  }

  private static void seal(ByteBuffer out, int bodyStart) {
    int end = out.position();
    CRC32C c = new CRC32C();
    c.update(out.array(), out.arrayOffset() + bodyStart, end - bodyStart);
    out.putInt(bodyStart - 4, (int) c.getValue());
  }

  /**
   * Length of the valid record's body at {@code off} in {@code a} (bytes up to {@code limit}), or
   * -1 when there is none: too short, a length out of range, an unknown kind, a bad checksum.
   */
  static int validBody(byte[] a, int off, int limit) {
    if (limit - off < FRAME_BYTES) {
      return -1;
    }
    ByteBuffer b = ByteBuffer.wrap(a);
    int len = b.getInt(off);
    if (len < 1 || len > MAX_BODY || len > limit - off - FRAME_BYTES) {
      return -1;
    }
    int body = off + FRAME_BYTES;
    byte kind = a[body];
    boolean shapeOk =
        switch (kind) {
          case EVENT -> len > EVENT_PREFIX;
          case ACK -> (len - 1) % 8 == 0;
          case EVICTED -> len == 9;
          default -> false;
        };
    if (!shapeOk || crc(a, body, len) != b.getInt(off + 4)) {
      return -1;
    }
    return len;
  }

  static int crc(byte[] a, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(a, off, len);
    return (int) c.getValue();
  }
}
