package anxin.alerting.core;

import anxin.alerting.DeviceCommand;
import anxin.alerting.NotificationIntent;
import anxin.alerting.outbox.JdbcOutbox;
import anxin.alerting.store.JdbcAlertStore;
import anxin.alerting.store.JdbcAlertStore.Write;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what the alerting core decided, in order, on its own thread, so the core never waits on
 * the database. Each {@link Unit} (alert snapshots, timeline entries, the notifications they
 * caused, progress) is one transaction, which also claims the notifications already due; after it
 * commits they are handed to the outbox dispatcher to be sent at once.
 *
 * <p>When the database cannot be written (a failed write, or a write stalled longer than {@code
 * stallLimit}), the notifications go out at once through the {@link DirectSender} and the units
 * wait here, in order, without them. Every {@code retryInterval} the persister tries again: it
 * writes the waiting units, then the directly sent notifications with their final state, so the
 * outbox and the timelines end up as if the database had never gone away.
 */
final class Persister implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Persister.class);

  /** What one call into the core produced, to store and hand on. */
  record Unit(Write write, List<NotificationIntent> intents, List<DeviceCommand> commands) {}

  private record Queued(Unit unit, boolean sentDirect) {}

  private final JdbcAlertStore store;
  private final DirectSender direct;
  private final Consumer<List<JdbcOutbox.Claimed>> committed;
  private final Consumer<DeviceCommand> commands;
  private final AlertingMetrics metrics;
  private final Duration retryInterval;
  private final long stallLimitNanos;
  private final int maxWaiting;
  private final LinkedBlockingQueue<Queued> inbox = new LinkedBlockingQueue<>();
  private final ArrayDeque<Write> waiting = new ArrayDeque<>();
  private final List<JdbcOutbox.Row> settled = new ArrayList<>();
  private final Thread thread;
  private final AtomicLong writeStarted = new AtomicLong();
  private final AtomicLong droppedWrites = new AtomicLong();
  private volatile boolean online = true;
  private volatile boolean stopping;

  Persister(
      JdbcAlertStore store,
      DirectSender direct,
      Consumer<List<JdbcOutbox.Claimed>> committed,
      Consumer<DeviceCommand> commands,
      AlertingMetrics metrics,
      Duration retryInterval,
      Duration stallLimit,
      int maxWaiting) {
    this.store = Objects.requireNonNull(store, "store");
    this.direct = Objects.requireNonNull(direct, "direct");
    this.committed = Objects.requireNonNull(committed, "committed");
    this.commands = Objects.requireNonNull(commands, "commands");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.retryInterval = Objects.requireNonNull(retryInterval, "retryInterval");
    this.stallLimitNanos = stallLimit.toNanos();
    this.maxWaiting = maxWaiting;
    this.thread = new Thread(this::run, "anxin-alerting-persister");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /**
   * Queues a unit. Never blocks. If the database is known to be unreachable, or the write in
   * progress has stalled, the unit's notifications leave now through the direct sender.
   */
  void submit(Unit unit) {
    boolean sendNow = !unit.intents().isEmpty() && (!online || stalled());
    if (sendNow) {
      direct.send(unit.intents());
    }
    inbox.add(new Queued(unit, sendNow));
  }

  /** False while the database cannot be written and notifications go out directly. */
  boolean online() {
    return online;
  }

  /** Units and notification states waiting for the database. */
  int waiting() {
    return waiting.size() + inbox.size();
  }

  /** Units whose alert history was dropped because too many waited for the database. */
  long droppedWrites() {
    return droppedWrites.get();
  }

  /** Writes everything queued, waiting at most {@code timeout}; true when all was written. */
  boolean flush(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (inbox.isEmpty() && waiting.isEmpty() && writeStarted.get() == 0 && online) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }

  @Override
  public void close() {
    stopping = true;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean stalled() {
    long started = writeStarted.get();
    return started != 0 && System.nanoTime() - started > stallLimitNanos;
  }

  private void run() {
    while (!stopping) {
      try {
        Queued q = inbox.poll(retryInterval.toMillis(), TimeUnit.MILLISECONDS);
        if (q != null) {
          handle(q);
        }
        if (!online || !waiting.isEmpty() || direct.unsettled() > 0 || !settled.isEmpty()) {
          reconcile();
        }
      } catch (InterruptedException e) {
        if (stopping) {
          return;
        }
      } catch (RuntimeException e) {
        LOG.error("alerting persister: unexpected error", e);
      }
    }
  }

  private void handle(Queued q) {
    Unit u = q.unit();
    if (online && waiting.isEmpty() && !q.sentDirect()) {
      if (write(u.write())) {
        publish(u.commands());
        return;
      }
    }
    // Not written with its notifications: they leave now through the direct sender, unless they
    // already did at submit. This includes a unit queued while the database still looked fine
    // and handled after a write failed (the fault suite lost a page that way, once in two runs).
    if (!q.sentDirect() && !u.intents().isEmpty()) {
      direct.send(u.intents());
    }
    Write w = withoutNotifications(u.write());
    if (online && waiting.isEmpty() && write(w)) {
      publish(u.commands());
      return;
    }
    if (waiting.size() >= maxWaiting) {
      droppedWrites.incrementAndGet();
      LOG.error(
          "alerting persister: {} writes wait for the database; alert history of this one dropped",
          maxWaiting);
    } else {
      waiting.add(w);
    }
    publish(u.commands());
  }

  private void reconcile() {
    settled.addAll(direct.takeSettled());
    while (!waiting.isEmpty()) {
      if (!write(waiting.peek())) {
        return;
      }
      waiting.poll();
    }
    if (!settled.isEmpty()) {
      if (!write(new Write(List.of(), List.of(), settled, null))) {
        return;
      }
      LOG.info(
          "alerting persister: {} directly sent notifications recorded in the outbox",
          settled.size());
      settled.clear();
    }
    if (!online) {
      online = true;
      LOG.warn("alerting persister: database writable again; notifications use the outbox");
    }
  }

  /**
   * One transaction; false, with {@link #online} false, when the database failed. The notifications
   * it claimed (new and due) are handed on to be sent at once.
   */
  private boolean write(Write w) {
    long started = System.nanoTime();
    writeStarted.set(started);
    List<JdbcOutbox.Claimed> claimed;
    try {
      claimed = store.write(w);
      try {
        metrics.alertWrite(System.nanoTime() - started, !claimed.isEmpty());
      } catch (RuntimeException e) {
        LOG.debug("alerting persister: metrics failed: {}", e.toString());
      }
    } catch (Exception e) {
      if (online) {
        LOG.error(
            "alerting persister: database unreachable ({}); notifications go out directly and"
                + " history waits in memory",
            e.toString());
      }
      online = false;
      return false;
    } finally {
      writeStarted.set(0);
    }
    if (!claimed.isEmpty()) {
      try {
        committed.accept(claimed);
      } catch (RuntimeException e) {
        // the rows stay 'sending' and the next start re-queues them: late, never lost
        LOG.error("alerting persister: claimed notifications not handed on", e);
      }
    }
    return true;
  }

  private void publish(List<DeviceCommand> list) {
    for (DeviceCommand c : list) {
      try {
        commands.accept(c);
      } catch (RuntimeException e) {
        LOG.warn("alerting persister: command {} not published: {}", c.dedupKey(), e.toString());
      }
    }
  }

  private static Write withoutNotifications(Write w) {
    return w.notifications().isEmpty()
        ? w
        : new Write(w.alerts(), w.timeline(), List.of(), w.processedUntil());
  }
}
