package anxin.ingest.paho;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two lanes between Paho's callback thread and the ingest pipeline, so that a {@code panic}, a
 * {@code fall} or a {@code tamper} (an alarm, in this package: a type that pages at once) does not
 * wait behind a flood of telemetry that arrived before it.
 *
 * <p>Paho delivers messages on one thread in the order the broker sent them. Without lanes, that
 * thread decodes and admits each message itself, and under a flood an alarm waits in the TCP stream
 * and the broker's queue until everything before it is decoded. Here, once anything waits, Paho's
 * thread only files the message (a byte scan, {@link AlarmBytes}); one worker thread takes the
 * priority lane first and the normal lane only when the priority lane is empty.
 *
 * <p>Order: MQTT promises a subscriber the publisher's order per topic, and so do these lanes. A
 * message that may carry an alarm takes the priority lane, and takes with it, ahead of itself and
 * in their order, the messages of its topic still waiting in the normal lane (a pendant's last
 * heartbeat, or a gateway's earlier {@code _batch} messages). So a device's events still reach the
 * pipeline, and the rule engine, in the order the device sent them on its topic.
 *
 * <p>Inline when idle: a small message (one event, not a gateway's batch) that finds both lanes
 * empty, nothing in the pipeline, and the offering thread back from the previous message for a
 * while (so Paho's own queue is likely empty too) is run through the pipeline by the offering
 * thread itself instead of waking the worker. It saves a thread wake-up per message: about a third
 * of the worker's time per one-event message in a profile on a busy 2-core machine
 * (docs/benchmarks.md). Nothing waits behind it in the lanes, so there is nothing to reorder;
 * messages arriving back to back are filed, and the lanes work as above. At most one message is in
 * the pipeline at a time, whichever thread runs it, in the order offered.
 *
 * <p>Memory: the normal lane is taken only while the pipeline's database backlog is under its bound
 * ({@code downstreamFull}); what waits here is bounded by the broker's receive maximum (nothing is
 * acknowledged before it is durable) and by {@code maxBytes}: at that budget, Paho's thread waits
 * in {@link #offer} for a telemetry message, so TCP and then the broker hold the rest. An alarm
 * candidate is always taken, and the priority lane is taken whatever the backlog.
 */
final class IntakeLanes implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IntakeLanes.class);

  /** A message waiting for the pipeline. */
  record Message(String topic, byte[] payload, Instant receivedAt, long receivedNanos) {}

  /** A filed message; {@code moved} once promoted from the normal lane to the priority lane. */
  private static final class Item {
    final Message message;
    final CompletableFuture<Object> done;
    boolean moved; // guarded by lock

    Item(Message message, CompletableFuture<Object> done) {
      this.message = message;
      this.done = done;
    }
  }

  private static final long GATE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** Payloads up to this size may run inline: one event's envelope, not a gateway's batch. */
  static final int INLINE_MAX_BYTES = 1024;

  /**
   * How long the offering thread must have been away since its previous offer returned for a
   * message to run inline: a message Paho had queued behind the previous one comes sooner.
   */
  static final long INLINE_QUIET_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  private final Function<Message, CompletableFuture<?>> pipeline;
  private final BooleanSupplier downstreamFull;
  private final long maxBytes;
  private final LongSupplier nanoClock;
  private final long quietNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition underBudget = lock.newCondition();
  private final ArrayDeque<Item> priority = new ArrayDeque<>(); // guarded by lock
  private final ArrayDeque<Item> normal = new ArrayDeque<>(); // guarded by lock
  private final Map<String, Integer> normalByTopic = new HashMap<>(); // guarded by lock
  private long bytes; // guarded by lock
  private int waiting; // guarded by lock; the normal lane also holds moved items
  private long prioritized; // guarded by lock
  private boolean closed; // guarded by lock
  private boolean busy; // guarded by lock; a message is in the pipeline (worker or inline)
  private long inline; // guarded by lock
  private long lastOfferEnd = Long.MIN_VALUE / 2; // guarded by lock; nanoClock
  private final Thread worker;

  /**
   * Starts the worker thread.
   *
   * @param pipeline takes a message on the worker thread; its future completes when the message may
   *     be acknowledged. It must not block for long: it runs once per message on one thread.
   * @param downstreamFull true while the pipeline holds as much as it may (the database writer's
   *     backlog at its bound): the normal lane then waits; the priority lane does not
   * @param maxBytes payload bytes that may wait before Paho's thread is made to wait
   * @param threadName the worker's name
   */
  IntakeLanes(
      Function<Message, CompletableFuture<?>> pipeline,
      BooleanSupplier downstreamFull,
      long maxBytes,
      String threadName) {
    this(pipeline, downstreamFull, maxBytes, threadName, System::nanoTime, INLINE_QUIET_NANOS);
  }

  /**
   * As above, with the clock and quiet time of the inline decision (tests).
   *
   * @param quietNanos how long the offering thread must have been away since its previous offer for
   *     a small message to run inline
   */
  IntakeLanes(
      Function<Message, CompletableFuture<?>> pipeline,
      BooleanSupplier downstreamFull,
      long maxBytes,
      String threadName,
      LongSupplier nanoClock,
      long quietNanos) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    this.pipeline = pipeline;
    this.downstreamFull = downstreamFull;
    this.maxBytes = maxBytes;
    this.nanoClock = nanoClock;
    this.quietNanos = quietNanos;
    this.worker = new Thread(this::run, threadName);
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Files a message, or runs it through the pipeline on this thread when the lanes are idle (see
   * the class comment). Waits while the waiting bytes are at the budget, unless the message may
   * carry an alarm. The future completes as the pipeline's does, and fails when the lanes close
   * first.
   */
  CompletableFuture<Object> offer(Message m) {
    boolean candidate = AlarmBytes.mayCarryAlarm(m.payload());
    CompletableFuture<Object> done = new CompletableFuture<>();
    long now = nanoClock.getAsLong();
    lock.lock();
    try {
      while (!candidate && bytes >= maxBytes && !closed) {
        underBudget.awaitUninterruptibly();
      }
      if (closed) {
        done.completeExceptionally(new IllegalStateException("MQTT intake closed"));
        return done;
      }
      boolean quiet = now - lastOfferEnd >= quietNanos;
      if (quiet
          && !busy
          && waiting == 0
          && m.payload().length <= INLINE_MAX_BYTES
          && (candidate || !downstreamFull.getAsBoolean())) {
        busy = true;
        inline++;
      } else {
        file(m, candidate, done);
        lastOfferEnd = nanoClock.getAsLong();
        return done;
      }
    } finally {
      lock.unlock();
    }
    try {
      apply(m, done);
    } finally {
      lock.lock();
      try {
        busy = false;
        lastOfferEnd = nanoClock.getAsLong();
        if (waiting > 0) {
          notEmpty.signal();
        }
      } finally {
        lock.unlock();
      }
    }
    return done;
  }

  /** Into a lane; under the lock. */
  private void file(Message m, boolean candidate, CompletableFuture<Object> done) {
    Item item = new Item(m, done);
    if (candidate) {
      Integer earlier = normalByTopic.remove(m.topic());
      if (earlier != null) {
        promote(m.topic(), earlier);
      }
      priority.addLast(item);
      prioritized++;
    } else {
      normal.addLast(item);
      normalByTopic.merge(m.topic(), 1, Integer::sum);
    }
    waiting++;
    bytes += m.payload().length;
    if (!busy) {
      notEmpty.signal(); // when busy, whoever finishes takes the lanes up
    }
  }

  /**
   * Moves the {@code count} messages of {@code topic} waiting in the normal lane, in their order,
   * to the end of the priority lane: an alarm goes ahead of other topics' telemetry, never ahead of
   * its own topic's earlier messages. They stay in the normal lane's deque, marked, and are skipped
   * there.
   */
  private void promote(String topic, int count) {
    for (Iterator<Item> i = normal.iterator(); count > 0 && i.hasNext(); ) {
      Item it = i.next();
      if (!it.moved && it.message.topic().equals(topic)) {
        it.moved = true;
        priority.addLast(it);
        count--;
      }
    }
  }

  /** Messages waiting, in both lanes. */
  int waiting() {
    lock.lock();
    try {
      return waiting;
    } finally {
      lock.unlock();
    }
  }

  /** Messages given the priority lane since the start. */
  long prioritized() {
    lock.lock();
    try {
      return prioritized;
    } finally {
      lock.unlock();
    }
  }

  /** Messages the offering thread ran through the pipeline itself since the start. */
  long inline() {
    lock.lock();
    try {
      return inline;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next message for the worker, once no other is in the pipeline.
   *
   * @param finished the worker is done with the message it took last
   */
  private Item take(boolean finished) throws InterruptedException {
    lock.lock();
    try {
      if (finished) {
        busy = false;
      }
      Item it;
      while (true) {
        if (closed) {
          return null;
        }
        if (busy) {
          notEmpty.await(); // a message runs inline; its end signals
          continue;
        }
        if (!priority.isEmpty()) {
          it = priority.pollFirst();
          break;
        }
        while (!normal.isEmpty() && normal.peekFirst().moved) {
          normal.pollFirst(); // taken from the priority lane already
        }
        if (normal.isEmpty()) {
          notEmpty.await();
        } else if (downstreamFull.getAsBoolean()) {
          // an alarm's arrival signals; the downstream backlog is polled
          notEmpty.awaitNanos(GATE_POLL_NANOS);
        } else {
          it = normal.pollFirst();
          normalByTopic.computeIfPresent(it.message.topic(), (t, n) -> n == 1 ? null : n - 1);
          break;
        }
      }
      busy = true;
      waiting--;
      bytes -= it.message.payload().length;
      if (bytes < maxBytes) {
        underBudget.signalAll();
      }
      return it;
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    try {
      for (Item it = take(false); it != null; it = take(true)) {
        apply(it.message, it.done);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs the pipeline on one message; {@code done} completes as its future does. */
  private void apply(Message m, CompletableFuture<Object> done) {
    try {
      pipeline
          .apply(m)
          .whenComplete(
              (v, e) -> {
                if (e == null) {
                  done.complete(v);
                } else {
                  done.completeExceptionally(e);
                }
              });
    } catch (RuntimeException e) {
      // Never let one message stop the intake; unacknowledged, the broker sends it again.
      log.error("MQTT ingest: failed to take a message on {}", m.topic(), e);
      done.completeExceptionally(e);
    }
  }

  /**
   * Stops the worker after the message it is on; what still waits is failed (never acknowledged, so
   * the broker delivers it again).
   */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      notEmpty.signalAll();
      underBudget.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      worker.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lock.lock();
    try {
      IllegalStateException e = new IllegalStateException("MQTT intake closed");
      priority.forEach(it -> it.done.completeExceptionally(e));
      normal.forEach(it -> it.done.completeExceptionally(e));
      priority.clear();
      normal.clear();
      normalByTopic.clear();
      bytes = 0;
      waiting = 0;
    } finally {
      lock.unlock();
    }
  }
}
