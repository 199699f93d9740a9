package anxin.gateway.journal;

import anxin.gateway.Journal;
import anxin.gateway.JournalFullException;
import anxin.protocol.Event;
import anxin.protocol.codec.EventCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Journal} as segment files of CRC32C-framed records in one directory
 * (docs/gateway-journal.md). Appends go to the newest segment; acknowledgements are records too;
 * the oldest segment is deleted once it holds no queued event other than alarms, which are first
 * copied forward. Appending threads share fsyncs (group commit).
 */
public final class SegmentedJournal implements Journal {

  private static final Logger log = LoggerFactory.getLogger(SegmentedJournal.class);

  private final Path dir;
  private final FreeSpace freeSpace;

  /** Usable bytes on the journal's file system; a seam for tests. */
  @FunctionalInterface
  interface FreeSpace {
    long bytes() throws IOException;
  }

  private final JournalConfig config;
  private final EventCodec codec = new EventCodec();
  private final Object lock = new Object();
  private final Object syncLock = new Object();

  /** Oldest first; the last is the active segment. */
  private final TreeMap<Long, Segment> segments;

  private final Index index;
  private final Recovery recovery;
  private Segment active;
  private long nextId;
  private long evicted;
  private long diskBytes;
  private boolean closed;

  /** Bytes ever written by this instance, and how many of them are known to be on disk. */
  private long written;

  private final AtomicLong synced = new AtomicLong();

  private SegmentedJournal(Path dir, JournalConfig config, Recovery r, FreeSpace freeSpace)
      throws IOException {
    this.dir = dir;
    this.freeSpace = freeSpace;
    this.config = config;
    this.recovery = r;
    this.segments = r.segments;
    this.index = r.index;
    this.nextId = r.nextId;
    this.evicted = r.evicted;
    for (Segment s : segments.values()) {
      diskBytes += s.size;
    }
    roll(); // never append after what a crash may have left: start a fresh segment
    reclaim();
  }

  /** Opens or creates the journal in {@code dir}, recovering what a crash left (see the docs). */
  public static SegmentedJournal open(Path dir, JournalConfig config) throws IOException {
    Files.createDirectories(dir);
    FileStore store = Files.getFileStore(dir);
    return new SegmentedJournal(dir, config, Recovery.run(dir, config), store::getUsableSpace);
  }

  /** As {@link #open(Path, JournalConfig)}, with the file system's free space from a test. */
  static SegmentedJournal open(Path dir, JournalConfig config, FreeSpace freeSpace)
      throws IOException {
    Files.createDirectories(dir);
    return new SegmentedJournal(dir, config, Recovery.run(dir, config), freeSpace);
  }

  /** What opening found: segments read, events queued, damaged bytes cut or skipped. */
  public RecoveryReport recovery() {
    return recovery.report;
  }

  @Override
  public long append(Event event) throws IOException {
    return appendAll(List.of(event))[0];
  }

  @Override
  public long[] appendAll(List<Event> events) throws IOException {
    byte[][] payloads = new byte[events.size()][];
    for (int i = 0; i < payloads.length; i++) {
      payloads[i] = codec.encodeCbor(events.get(i));
    }
    long[] ids = new long[payloads.length];
    long end;
    synchronized (lock) {
      ensureOpen();
      keepReserve(events, payloads);
      for (int i = 0; i < payloads.length; i++) {
        boolean alarm = events.get(i).type().isAlarm();
        int bytes = Records.eventRecordBytes(payloads[i].length);
        if (!makeRoom(bytes, alarm)) {
          evicted++;
          ids[i] = NOT_STORED;
          continue;
        }
        ids[i] = nextId++;
        writeEvent(ids[i], alarm, payloads[i]);
      }
      end = written;
    }
    sync(end);
    return ids;
  }

  @Override
  public List<Entry> poll(int max) throws IOException {
    synchronized (lock) {
      ensureOpen();
      long[] ids = new long[Math.max(0, Math.min(max, index.live()))];
      int n = index.poll(ids, ids.length);
      List<Entry> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long loc = index.locationOf(ids[i]);
        Segment s = segments.get(Index.segmentOf(loc));
        byte[] body = s.readBody(Index.offsetOf(loc));
        List<Event> decoded = body == null ? List.of() : codec.decode(payloadOf(body)).events();
        if (decoded.size() != 1) {
          log.warn("journal: event {} in {} became unreadable; dropped", ids[i], s.path);
          forget(ids[i]);
          continue;
        }
        out.add(new Entry(ids[i], decoded.get(0)));
      }
      return out;
    }
  }

  @Override
  public void rewind() {
    synchronized (lock) {
      index.rewind();
    }
  }

  @Override
  public void markSent(long... ids) throws IOException {
    synchronized (lock) {
      ensureOpen();
      long[] done = new long[ids.length];
      int n = 0;
      for (long id : ids) {
        if (forget(id)) {
          done[n++] = id;
        }
      }
      for (int from = 0; from < n; from += Records.MAX_ACK_IDS) {
        writeRaw(Records.ack(done, from, Math.min(n, from + Records.MAX_ACK_IDS)));
      }
      reclaim();
    }
  }

  @Override
  public int size() {
    synchronized (lock) {
      return index.live();
    }
  }

  @Override
  public int alarms() {
    synchronized (lock) {
      return index.liveAlarms();
    }
  }

  @Override
  public long diskBytes() {
    synchronized (lock) {
      return diskBytes;
    }
  }

  @Override
  public long evicted() {
    synchronized (lock) {
      return evicted;
    }
  }

  /** Bytes of the in-memory index's arrays. */
  public long indexBytes() {
    synchronized (lock) {
      return index.footprintBytes();
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      active.channel.force(false);
      synced.accumulateAndGet(written, Math::max);
      for (Segment s : segments.values()) {
        s.channel.close();
      }
    }
  }

  // --- writing, under lock ---

  /**
   * Refuses events other than alarms that would leave less than {@link
   * JournalConfig#reserveBytes()} free on the file system. Without the reserve a full disk can
   * never drain: the uplink's acknowledgements are records too, and when they cannot be written no
   * segment is ever reclaimed (the fault suite's disk-full run, docs/reliability.md). Alarms may
   * use the reserve: they are rare and small, and their place is here rather than waiting at the
   * sender.
   */
  private void keepReserve(List<Event> events, byte[][] payloads) throws IOException {
    long bytes = 0;
    boolean onlyAlarms = true;
    for (int i = 0; i < payloads.length; i++) {
      bytes += Records.eventRecordBytes(payloads[i].length);
      onlyAlarms &= events.get(i).type().isAlarm();
    }
    if (onlyAlarms) {
      return;
    }
    long free = freeSpace.bytes();
    if (free - bytes < config.reserveBytes()) {
      throw new JournalFullException(
          String.format(
              "journal: %d bytes free on the file system of %s, %d kept for acknowledgements;"
                  + " %d events refused until the uplink drains it",
              free, dir, config.reserveBytes(), events.size()));
    }
  }

  private void writeEvent(long id, boolean alarm, byte[] payload) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(Records.eventRecordBytes(payload.length));
    Records.putEvent(b, id, alarm, payload);
    long offset = writeRaw(b.flip());
    index.put(id, Index.loc(active.number, offset), alarm);
    if (alarm) {
      active.liveAlarms++;
    } else {
      active.liveOthers++;
    }
    active.maxId = Math.max(active.maxId, id);
  }

  private long writeRaw(ByteBuffer b) throws IOException {
    if (active.size + b.remaining() > config.segmentBytes() && active.size > Records.HEADER_BYTES) {
      roll();
    }
    int n = b.remaining();
    long offset = active.write(b);
    written += n;
    diskBytes += n;
    return offset;
  }

  private void roll() throws IOException {
    if (active != null) {
      active.channel.force(false);
      synced.accumulateAndGet(written, Math::max);
    }
    long number = segments.isEmpty() ? 1 : segments.lastKey() + 1;
    Records.Header h = new Records.Header(index.firstLiveId(), nextId, evicted);
    active = Segment.create(dir, number, h);
    segments.put(number, active);
    written += active.size;
    diskBytes += active.size;
    syncDirectory();
  }

  /** Evicts oldest other events until {@code bytes} more fit; false if they cannot. */
  private boolean makeRoom(int bytes, boolean alarm) throws IOException {
    while (diskBytes + bytes > config.quotaBytes()) {
      Segment oldest = segments.firstEntry().getValue();
      if (oldest == active) {
        if (active.liveOthers == 0) {
          break;
        }
        roll();
        continue;
      }
      long before = diskBytes;
      long[] ids = index.liveIn(oldest.number, oldest.maxId);
      int n = 0;
      for (long id : ids) {
        if (!index.isAlarm(id)) {
          forget(id);
          n++;
        }
      }
      evicted += n;
      writeRaw(Records.evicted(evicted));
      reclaim();
      if (diskBytes >= before) {
        break;
      }
    }
    return alarm || diskBytes + bytes <= config.quotaBytes();
  }

  /** Deletes oldest segments that hold no queued other event, copying their alarms forward. */
  private void reclaim() throws IOException {
    List<Segment> doomed = new ArrayList<>();
    Segment current = active;
    for (Segment s : new ArrayList<>(segments.values())) {
      if (s == current || s.liveOthers > 0) {
        break;
      }
      for (long id : s.liveAlarms > 0 ? index.liveIn(s.number, s.maxId) : new long[0]) {
        byte[] body = s.readBody(Index.offsetOf(index.locationOf(id)));
        if (body == null) {
          log.warn("journal: alarm {} in {} became unreadable; dropped", id, s.path);
          forget(id);
          continue;
        }
        s.liveAlarms--;
        writeEvent(id, true, payloadOf(body));
      }
      doomed.add(s);
    }
    if (doomed.isEmpty()) {
      return;
    }
    active.channel.force(false); // copies are durable before the originals go
    synced.accumulateAndGet(written, Math::max);
    for (Segment s : doomed) {
      segments.remove(s.number);
      diskBytes -= s.size;
      s.delete();
    }
  }

  /** Marks an event no longer queued; true if it was. */
  private boolean forget(long id) {
    long loc = index.markDone(id);
    if (loc < 0) {
      return false;
    }
    Segment s = segments.get(Index.segmentOf(loc));
    if (s != null) {
      if (index.isAlarm(id)) {
        s.liveAlarms--;
      } else {
        s.liveOthers--;
      }
    }
    return true;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("journal closed: " + dir);
    }
  }

  private void syncDirectory() throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  static byte[] payloadOf(byte[] eventBody) {
    byte[] p = new byte[eventBody.length - Records.EVENT_PREFIX];
    System.arraycopy(eventBody, Records.EVENT_PREFIX, p, 0, p.length);
    return p;
  }

  // --- group commit ---

  /** Returns once every byte written up to {@code end} is on disk; one fsync serves many. */
  private void sync(long end) throws IOException {
    synchronized (syncLock) {
      while (synced.get() < end) {
        FileChannel ch;
        long target;
        synchronized (lock) {
          ensureOpen();
          ch = active.channel;
          target = written;
        }
        try {
          ch.force(false);
        } catch (ClosedChannelException e) {
          // the segment was rolled (and forced) meanwhile, or the journal closed: look again
          continue;
        }
        synced.accumulateAndGet(target, Math::max);
      }
    }
  }
}
