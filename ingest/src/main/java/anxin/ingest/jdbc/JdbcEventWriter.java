package anxin.ingest.jdbc;

import anxin.ingest.CommitWatermark;
import anxin.ingest.EventWriter;
import anxin.ingest.IngestedEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events to PostgreSQL in batches, on one dedicated thread, each batch in one transaction
 * that stores exactly the events whose dedup key is new (see {@link EventSql#writeBatch}). A batch
 * is at most {@link WriterConfig#maxBatch()} events, gathered for at most {@link
 * WriterConfig#linger()} after the first.
 *
 * <p>A failed batch (database down, connection lost, deadlock) is rolled back and tried again, the
 * same batch, with backoff from 100 ms to 5 s, until it commits: no event is dropped, and a wait
 * never fails for a database fault. The queue is unbounded; the pipeline bounds it by {@link
 * #backlog()}. Batches commit in the order of the writes, so the queue holds the events themselves
 * and one {@link CommitWatermark} says how far the writer has got; its waiters run on the writer
 * thread and must not block.
 *
 * <p>The same thread deletes dedup keys older than {@link WriterConfig#dedupRetention()}, in chunks
 * between batches, every {@link WriterConfig#purgeEvery()}.
 */
public final class JdbcEventWriter implements EventWriter {

  private static final Logger log = LoggerFactory.getLogger(JdbcEventWriter.class);
  private static final long IDLE_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final int PURGE_CHUNK = 10_000;

  private final DataSource dataSource;
  private final WriterConfig config;
  private final WriterMetrics metrics;
  private final Queue<IngestedEvent> queue = new ConcurrentLinkedQueue<>(); // in write order
  private final CommitWatermark watermark = new CommitWatermark();
  private final AtomicInteger backlog = new AtomicInteger();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Thread thread;
  private final OutageLog outage = new OutageLog(log, "storage: database write");
  private volatile boolean waiting; // the writer is parked waiting for a first event
  private volatile boolean abandoned; // close() timed out: stop retrying
  private long written; // guarded by queue: the last write's number
  private long taken; // writer thread only: the number of the last write taken from the queue
  private long nextPurgeNanos; // writer thread only
  private Boolean clockKeyInEvent; // writer thread only; null until read from the schema

  private JdbcEventWriter(DataSource dataSource, WriterConfig config, WriterMetrics metrics) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.config = Objects.requireNonNull(config, "config");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.thread = new Thread(this::run, "anxin-event-writer");
    thread.setDaemon(true);
  }

  /** Starts a writer with the default configuration and no metrics. */
  public static JdbcEventWriter start(DataSource dataSource) {
    return start(dataSource, WriterConfig.defaults(), WriterMetrics.NOOP);
  }

  /** Starts a writer on its own thread, named {@code anxin-event-writer}. */
  public static JdbcEventWriter start(
      DataSource dataSource, WriterConfig config, WriterMetrics metrics) {
    JdbcEventWriter writer = new JdbcEventWriter(dataSource, config, metrics);
    metrics.backlog(writer::backlog);
    writer.nextPurgeNanos = System.nanoTime(); // once at start, then every purgeEvery
    writer.thread.start();
    return writer;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException when the writer is closing or closed
   */
  @Override
  public long write(IngestedEvent event) {
    Objects.requireNonNull(event, "event");
    backlog.incrementAndGet(); // before the check: close() waits for every write that passed it
    if (closing.get()) {
      backlog.decrementAndGet();
      throw new IllegalStateException("event writer is closed");
    }
    long number;
    synchronized (queue) { // numbers in queue order: the writer takes them in that order
      number = ++written;
      queue.add(event);
    }
    if (waiting) {
      LockSupport.unpark(thread);
    }
    return number;
  }

  @Override
  public void whenCommitted(long upTo, Consumer<Throwable> then) {
    watermark.whenCommitted(upTo, then);
  }

  @Override
  public int backlog() {
    return backlog.get();
  }

  /**
   * Stops taking writes, and waits up to {@link WriterConfig#closeTimeout()} for what is queued to
   * be committed. Waits for events still not committed then fail with an {@link
   * IllegalStateException} (some may yet commit: their senders retry, and dedup absorbs it).
   */
  @Override
  public void close() {
    boolean first = closing.compareAndSet(false, true);
    LockSupport.unpark(thread);
    if (!first) {
      join(config.closeTimeout().toMillis());
      return;
    }
    if (join(config.closeTimeout().toMillis())) {
      return;
    }
    abandoned = true;
    LockSupport.unpark(thread);
    IllegalStateException e =
        new IllegalStateException(
            "event writer closed before the event was committed (waited "
                + config.closeTimeout()
                + ")");
    long notCommitted;
    synchronized (queue) {
      notCommitted = written - watermark.value();
    }
    watermark.fail(e);
    queue.clear();
    log.warn("storage: event writer closed with {} events not committed", notCommitted);
  }

  private boolean join(long millis) {
    try {
      thread.join(Math.max(1, millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  private void run() {
    try {
      while (!abandoned) {
        List<IngestedEvent> batch = nextBatch();
        if (!batch.isEmpty()) {
          taken += batch.size();
          if (!writeUntilCommitted(batch)) {
            return; // abandoned: close() fails what is left
          }
          backlog.addAndGet(-batch.size());
          watermark.advance(taken);
        } else if (closing.get() && backlog.get() == 0) {
          return;
        }
        purgeIfDue();
      }
    } catch (RuntimeException | Error e) {
      // A bug, not a database fault: fail every wait rather than leave it hanging.
      log.error("storage: event writer stopped by an unexpected error", e);
      closing.set(true);
      watermark.fail(e);
      queue.clear();
      throw e;
    }
  }

  /** Waits for a first event (or a purge or close to do), then lingers for more. */
  private List<IngestedEvent> nextBatch() {
    IngestedEvent first = queue.poll();
    while (first == null) {
      if (closing.get() || abandoned || System.nanoTime() - nextPurgeNanos >= 0) {
        return List.of();
      }
      waiting = true;
      first = queue.poll(); // re-check after announcing: write() unparks only when waiting
      if (first == null) {
        park(Math.min(IDLE_PARK_NANOS, nextPurgeNanos - System.nanoTime()));
        first = queue.poll();
      }
      waiting = false;
    }
    List<IngestedEvent> batch = new ArrayList<>(Math.min(config.maxBatch(), 1024));
    batch.add(first);
    long deadline = System.nanoTime() + config.linger().toNanos();
    while (batch.size() < config.maxBatch()) {
      IngestedEvent p = queue.poll();
      if (p != null) {
        batch.add(p);
        continue;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || closing.get()) {
        break;
      }
      park(left);
    }
    return batch;
  }

  /** Writes the batch, retrying with backoff until it commits; false when abandoned. */
  private boolean writeUntilCommitted(List<IngestedEvent> events) {
    for (int attempt = 0; !abandoned; attempt++) {
      long start = System.nanoTime();
      try {
        if (clockKeyInEvent == null) {
          clockKeyInEvent = clockKeyInEvent();
        }
        int fresh = EventSql.writeBatch(dataSource, events, clockKeyInEvent);
        long end = System.nanoTime();
        metrics.committed(events.size(), end - start);
        outage.succeeded(end);
        log.debug(
            "committed {} events, {} new, in {} us", events.size(), fresh, (end - start) / 1000);
        return true;
      } catch (SQLException e) {
        metrics.retried();
        outage.failed(e, System.nanoTime());
        sleep(Backoff.nanos(attempt));
      }
    }
    return false;
  }

  private boolean clockKeyInEvent() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return EventSql.clockKeyInEvent(c);
    }
  }

  private void purgeIfDue() {
    long now = System.nanoTime();
    if (now - nextPurgeNanos < 0 || abandoned) {
      return;
    }
    try {
      int deleted = EventSql.purgeSeen(dataSource, config.dedupRetention(), PURGE_CHUNK);
      log.debug("deleted {} dedup keys older than {}", deleted, config.dedupRetention());
      // a full chunk means there may be more: go on after the next batch
      nextPurgeNanos = deleted == PURGE_CHUNK ? now : now + config.purgeEvery().toNanos();
    } catch (SQLException e) {
      outage.failed(e, now);
      nextPurgeNanos = now + Math.min(config.purgeEvery().toNanos(), Backoff.MAX_NANOS);
    }
  }

  private void sleep(long nanos) {
    long deadline = System.nanoTime() + nanos;
    for (long left = nanos; left > 0 && !abandoned; left = deadline - System.nanoTime()) {
      park(left);
    }
  }

  private void park(long nanos) {
    LockSupport.parkNanos(this, Math.max(0, nanos));
    Thread.interrupted(); // nobody should interrupt this thread; an interrupt must not spin it
  }
}
