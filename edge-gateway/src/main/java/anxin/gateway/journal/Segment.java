package anxin.gateway.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One segment file: its channel, its size, and how many queued events it still holds. */
final class Segment {

  final long number;
  final Path path;
  final FileChannel channel;
  long size;

  /** Queued alarms stored here. */
  int liveAlarms;

  /** Queued other events stored here. */
  int liveOthers;

  /** Highest event id stored here, or -1. */
  long maxId = -1;

  private Segment(long number, Path path, FileChannel channel, long size) {
    this.number = number;
    this.path = path;
    this.channel = channel;
    this.size = size;
  }

  static Path pathOf(Path dir, long number) {
    return dir.resolve(String.format("%020d.seg", number));
  }

  /** Parses a segment file name; -1 if it is not one. */
  static long numberOf(Path file) {
    String n = file.getFileName().toString();
    if (!n.endsWith(".seg") || n.length() != 24) {
      return -1;
    }
    try {
      return Long.parseLong(n.substring(0, 20));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static Segment create(Path dir, long number, Records.Header header) throws IOException {
    Path p = pathOf(dir, number);
    FileChannel ch =
        FileChannel.open(
            p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    Segment s = new Segment(number, p, ch, 0);
    try {
      s.write(Records.header(header));
      ch.force(false);
    } catch (IOException e) {
      // a disk that is full leaves the file empty or torn: remove it, or every later roll would
      // fail on CREATE_NEW even after space is freed (fault suite (f), docs/reliability.md)
      ch.close();
      Files.deleteIfExists(p);
      throw e;
    }
    return s;
  }

  static Segment open(Path p, long number, long validSize) throws IOException {
    FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new Segment(number, p, ch, validSize);
  }

  /** Writes at the end; returns the offset written at. */
  long write(ByteBuffer b) throws IOException {
    long at = size;
    long pos = at;
    while (b.hasRemaining()) {
      pos += channel.write(b, pos);
    }
    size = pos;
    return at;
  }

  /** The whole body of the record at {@code offset}, or null when it is no longer valid. */
  byte[] readBody(long offset) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(256);
    readFully(head, offset, Math.min(256, size - offset));
    int len = head.getInt(0);
    if (len < 1 || len > Records.MAX_BODY || offset + Records.FRAME_BYTES + len > size) {
      return null;
    }
    byte[] frame = new byte[Records.FRAME_BYTES + len];
    int have = Math.min(head.limit(), frame.length);
    head.get(0, frame, 0, have);
    if (have < frame.length) {
      readFully(
          ByteBuffer.wrap(frame, have, frame.length - have), offset + have, frame.length - have);
    }
    if (Records.validBody(frame, 0, frame.length) != len) {
      return null;
    }
    byte[] body = new byte[len];
    System.arraycopy(frame, Records.FRAME_BYTES, body, 0, len);
    return body;
  }

  private void readFully(ByteBuffer b, long pos, long n) throws IOException {
    b.limit(b.position() + (int) n);
    while (b.hasRemaining()) {
      int r = channel.read(b, pos);
      if (r < 0) {
        throw new IOException("unexpected end of " + path + " at " + pos);
      }
      pos += r;
    }
  }

  /** Reads the file into memory (at most {@code max} bytes). */
  static byte[] readAll(Path p, long max) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      long n = Math.min(ch.size(), max);
      ByteBuffer b = ByteBuffer.allocate((int) n);
      while (b.hasRemaining() && ch.read(b) >= 0) {
        // keep reading
      }
      return b.array();
    }
  }

  void delete() throws IOException {
    channel.close();
    Files.deleteIfExists(path);
  }
}
