package anxin.gateway.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every segment at start: rebuilds the index from event and ack records, and cuts a torn or
 * corrupt tail at the last record whose length, kind and CRC32C are valid.
 */
final class Recovery {

  private static final Logger log = LoggerFactory.getLogger(Recovery.class);

  final TreeMap<Long, Segment> segments = new TreeMap<>();
  Index index;
  long nextId;
  long evicted;
  RecoveryReport report;

  private Recovery() {}

  static Recovery run(Path dir, JournalConfig config) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> Segment.numberOf(p) >= 0).forEach(files::add);
    }
    files.sort((a, b) -> Long.compare(Segment.numberOf(a), Segment.numberOf(b)));
    Recovery r = new Recovery();
    r.presize(files, config);
    long damaged = 0;
    long maxBytes = (long) config.segmentBytes() + Records.FRAME_BYTES + Records.MAX_BODY;
    for (int i = 0; i < files.size(); i++) {
      damaged += r.read(files.get(i), i == files.size() - 1, maxBytes);
    }
    if (r.index == null) {
      r.index = new Index(r.nextId);
    }
    r.index.settle();
    r.report = new RecoveryReport(r.segments.size(), r.index.live(), damaged);
    if (damaged > 0) {
      log.warn("journal {}: cut {} damaged bytes; {} events queued", dir, damaged, r.index.live());
    }
    return r;
  }

  /** Sizes the index from the headers so that it need not grow (and copy) while recovering. */
  private void presize(List<Path> files, JournalConfig config) throws IOException {
    long low = -1;
    long next = 0;
    for (Path p : files) {
      Records.Header h =
          Records.readHeader(ByteBuffer.wrap(Segment.readAll(p, Records.HEADER_BYTES)));
      if (h != null) {
        low = low < 0 ? h.lowId() : low;
        next = Math.max(next, h.nextId());
      }
    }
    if (low >= 0) {
      // ids written after the last header was: at most a segment of the smallest records
      long tail = config.segmentBytes() / (Records.FRAME_BYTES + Records.EVENT_PREFIX + 16);
      index = new Index(low, (int) Math.min(Integer.MAX_VALUE / 2, next - low + tail));
    }
  }

  /** Reads one segment; returns the bytes of damage found. */
  private long read(Path p, boolean last, long maxBytes) throws IOException {
    long number = Segment.numberOf(p);
    long fileSize = Files.size(p);
    byte[] a = Segment.readAll(p, maxBytes);
    Records.Header h = Records.readHeader(ByteBuffer.wrap(a));
    if (h == null) {
      if (last) {
        Files.delete(p); // torn while being created; nothing was acknowledged from it
      } else {
        Files.move(p, p.resolveSibling(p.getFileName() + ".corrupt"));
        log.warn("journal: segment {} has a damaged header; kept as .corrupt", p);
      }
      return fileSize;
    }
    if (index == null) {
      index = new Index(h.lowId());
    }
    nextId = Math.max(nextId, h.nextId());
    evicted = Math.max(evicted, h.evicted());
    Segment seg = Segment.open(p, number, fileSize);
    segments.put(number, seg);
    ByteBuffer b = ByteBuffer.wrap(a);
    int off = Records.HEADER_BYTES;
    int len;
    while ((len = Records.validBody(a, off, a.length)) > 0) {
      apply(seg, b, off, off + Records.FRAME_BYTES, len);
      off += Records.FRAME_BYTES + len;
    }
    long damage = fileSize - off;
    if (damage > 0 && last) {
      seg.channel.truncate(off);
      seg.channel.force(false);
      seg.size = off;
    }
    return damage;
  }

  private void apply(Segment seg, ByteBuffer b, int recordAt, int body, int len) {
    switch (b.get(body)) {
      case Records.EVENT -> {
        long id = b.getLong(body + 2);
        boolean alarm = (b.get(body + 1) & 1) != 0;
        nextId = Math.max(nextId, id + 1);
        long prev = index.put(id, Index.loc(seg.number, recordAt), alarm);
        if (prev == -2) {
          return;
        }
        if (prev >= 0) {
          count(segments.get(Index.segmentOf(prev)), alarm, -1);
        }
        count(seg, alarm, +1);
        seg.maxId = Math.max(seg.maxId, id);
      }
      case Records.ACK -> {
        for (int at = body + 1; at < body + len; at += 8) {
          long id = b.getLong(at);
          long loc = index.markDone(id);
          if (loc >= 0) {
            count(segments.get(Index.segmentOf(loc)), index.isAlarm(id), -1);
          }
        }
      }
      case Records.EVICTED -> evicted = Math.max(evicted, b.getLong(body + 1));
      default -> throw new IllegalStateException("validBody let kind " + b.get(body) + " through");
    }
  }

  private static void count(Segment s, boolean alarm, int delta) {
    if (s == null) {
      return;
    }
    if (alarm) {
      s.liveAlarms += delta;
    } else {
      s.liveOthers += delta;
    }
  }
}
