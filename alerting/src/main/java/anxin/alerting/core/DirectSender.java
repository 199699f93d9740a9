package anxin.alerting.core;

import anxin.alerting.NotificationIntent;
import anxin.alerting.Severity;
import anxin.alerting.notify.ChannelSender;
import anxin.alerting.notify.Delivery;
import anxin.alerting.notify.OutgoingMessage;
import anxin.alerting.outbox.IntentMapping;
import anxin.alerting.outbox.JdbcOutbox;
import anxin.alerting.outbox.OutboxState;
import anxin.alerting.outbox.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications straight to the channels, without the outbox, while the database is
 * unreachable (issue 4 item 7, docs/alerting-recovery.md): pages still leave. Retries with the
 * outbox's {@link RetryPolicy}; each message's final state (delivered, or failed with the reason)
 * is kept until {@link #takeSettled} hands it to the persister, which writes it to the outbox once
 * the database answers again.
 *
 * <p>Memory is bounded: at most {@code capacity} messages are held (sending, waiting to retry, or
 * settled and not yet written). When full, a P3 message is refused, then a P2 one; a P1 message is
 * never refused (the bound may be exceeded by P1 pages, each logged at ERROR). A crash during an
 * outage loses what only this memory held: the stated cost of not keeping a second durable store.
 */
final class DirectSender implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DirectSender.class);

  private final ChannelSender sender;
  private final RetryPolicy policy;
  private final Clock clock;
  private final int capacity;
  private final Duration sendTimeout;
  private final ScheduledExecutorService retries;

  private final Object lock = new Object();
  private final Set<String> keys = new HashSet<>();
  private final List<JdbcOutbox.Row> settled = new ArrayList<>();
  private int held;
  private long refused;

  DirectSender(
      ChannelSender sender, RetryPolicy policy, Clock clock, int capacity, Duration sendTimeout) {
    this.sender = Objects.requireNonNull(sender, "sender");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.capacity = capacity;
    this.sendTimeout = Objects.requireNonNull(sendTimeout, "sendTimeout");
    this.retries =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "anxin-direct-sender");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts sending; a dedup key already taken here is ignored.
   *
   * @return the intents refused because memory is full (never a P1)
   */
  List<NotificationIntent> send(List<NotificationIntent> intents) {
    List<NotificationIntent> refusedNow = new ArrayList<>();
    for (NotificationIntent i : intents) {
      synchronized (lock) {
        if (keys.contains(i.dedupKey())) {
          continue;
        }
        if (held >= capacity && !admitsWhenFull(i.severity())) {
          refused++;
          refusedNow.add(i);
          continue;
        }
        if (held >= capacity) {
          LOG.error(
              "direct sending over its bound of {} messages: P1 {} sent anyway",
              capacity,
              i.dedupKey());
        }
        keys.add(i.dedupKey());
        held++;
      }
      attempt(i, IntentMapping.toMessage(i), 1);
    }
    if (!refusedNow.isEmpty()) {
      LOG.error(
          "direct sending full ({} messages): {} notifications of P2/P3 refused",
          capacity,
          refusedNow.size());
    }
    return refusedNow;
  }

  /** Messages whose fate is known, as outbox rows; removed from here. */
  List<JdbcOutbox.Row> takeSettled() {
    synchronized (lock) {
      List<JdbcOutbox.Row> out = new ArrayList<>(settled);
      held -= settled.size();
      settled.forEach(r -> keys.remove(r.intent().dedupKey()));
      settled.clear();
      return out;
    }
  }

  /** Messages still sending or waiting to retry. */
  int unsettled() {
    synchronized (lock) {
      return held - settled.size();
    }
  }

  /** Messages refused since start because memory was full. */
  long refused() {
    synchronized (lock) {
      return refused;
    }
  }

  @Override
  public void close() {
    retries.shutdownNow();
  }

  private boolean admitsWhenFull(Severity severity) {
    return severity == Severity.P1;
  }

  private void attempt(NotificationIntent intent, OutgoingMessage m, int attempt) {
    CompletableFuture<Delivery> answer;
    try {
      answer = sender.send(m).orTimeout(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      answer = CompletableFuture.completedFuture(Delivery.failed(true, "sender threw " + e));
    }
    answer.whenComplete(
        (d, error) -> {
          Delivery delivery =
              error != null
                  ? Delivery.failed(true, "no answer: " + error.getClass().getSimpleName())
                  : d == null ? Delivery.failed(true, "sender answered null") : d;
          answered(intent, m, attempt, delivery);
        });
  }

  private void answered(NotificationIntent intent, OutgoingMessage m, int attempt, Delivery d) {
    if (d instanceof Delivery.Failed f) {
      if (f.retryable() && policy.mayRetry(attempt)) {
        long wait =
            policy.delay(m.channel(), attempt, ThreadLocalRandom.current().nextDouble()).toMillis();
        try {
          retries.schedule(() -> attempt(intent, m, attempt + 1), wait, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
          settle(intent, OutboxState.FAILED, attempt, "stopped before retry: " + f.reason());
        }
        return;
      }
      String why =
          f.retryable() ? "gave up after " + attempt + " attempts: " + f.reason() : f.reason();
      LOG.warn("direct send of {} failed: {}", m.dedupKey(), JdbcOutbox.scrub(why));
      settle(intent, OutboxState.FAILED, attempt, why);
    } else {
      settle(intent, OutboxState.DELIVERED, attempt, null);
    }
  }

  private void settle(NotificationIntent intent, OutboxState state, int attempts, String error) {
    synchronized (lock) {
      settled.add(new JdbcOutbox.Row(intent, state, attempts, error, clock.instant()));
    }
  }
}
