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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two lanes between Paho's callback thread and the ingest pipeline, so that a {@code panic}, a
 * {@code fall} or a {@code tamper} (an alarm, in this package: a type that pages at once) does not
 * wait behind a flood of telemetry that arrived before it.
 *
 * <p>Paho delivers messages on one thread in the order the broker sent them. Without lanes, that
 * thread decodes and admits each message itself, and under a flood an alarm waits in the TCP stream
 * and the broker's queue until everything before it is decoded. Here Paho's thread only files the
 * message (a byte scan, {@link AlarmBytes}); one worker thread takes the priority lane first and
 * the normal lane only when the priority lane is empty.
 *
 * <p>Order: MQTT promises a subscriber the publisher's order per topic, and so do these lanes. A
 * message that may carry an alarm takes the priority lane, and takes with it, ahead of itself and
 * in their order, the messages of its topic still waiting in the normal lane (a pendant's last
 * heartbeat, or a gateway's earlier {@code _batch} messages). So a device's events still reach the
 * pipeline, and the rule engine, in the order the device sent them on its topic.
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

  private final Function<Message, CompletableFuture<?>> pipeline;
  private final BooleanSupplier downstreamFull;
  private final long maxBytes;
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
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    this.pipeline = pipeline;
    this.downstreamFull = downstreamFull;
    this.maxBytes = maxBytes;
    this.worker = new Thread(this::run, threadName);
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Files a message. Waits while the waiting bytes are at the budget, unless the message may carry
   * an alarm. The future completes as the pipeline's does, and fails when the lanes close first.
   */
  CompletableFuture<Object> offer(Message m) {
    boolean candidate = AlarmBytes.mayCarryAlarm(m.payload());
    CompletableFuture<Object> done = new CompletableFuture<>();
    lock.lock();
    try {
      while (!candidate && bytes >= maxBytes && !closed) {
        underBudget.awaitUninterruptibly();
      }
      if (closed) {
        done.completeExceptionally(new IllegalStateException("MQTT intake closed"));
        return done;
      }
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
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
    return done;
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

  private Item take() throws InterruptedException {
    lock.lock();
    try {
      Item it;
      while (true) {
        if (closed) {
          return null;
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
      for (Item it; (it = take()) != null; ) {
        CompletableFuture<Object> done = it.done;
        try {
          pipeline
              .apply(it.message)
              .whenComplete(
                  (v, e) -> {
                    if (e == null) {
                      done.complete(v);
                    } else {
                      done.completeExceptionally(e);
                    }
                  });
        } catch (RuntimeException e) {
          // Never let one message stop the worker; unacknowledged, the broker sends it again.
          log.error("MQTT ingest: failed to take a message on {}", it.message.topic(), e);
          done.completeExceptionally(e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
