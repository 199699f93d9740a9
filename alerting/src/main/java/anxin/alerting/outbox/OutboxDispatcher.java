package anxin.alerting.outbox;

import anxin.alerting.notify.ChannelSender;
import anxin.alerting.notify.Delivery;
import anxin.alerting.outbox.JdbcOutbox.Claimed;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what is due in the outbox, on its own thread: every {@code pollInterval} (and on {@link
 * #wakeUp}) it claims up to {@code batchSize} due rows, hands them all to the sender at once, waits
 * for their answers (each at most {@code sendTimeout}), and records delivered, retry or failed. On
 * start it puts rows left {@code sending} by a previous process back to pending.
 *
 * <p>Delivery toward the channel is at least once: a crash after the channel accepted a message and
 * before {@code delivered} was recorded sends that message once more on restart (with the same
 * dedup key). Run one dispatcher per database: a second one's start would re-queue the first's
 * in-flight rows.
 */
public final class OutboxDispatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);

  /**
   * @param pollInterval how often due rows are looked for when nobody calls {@link #wakeUp}
   * @param batchSize rows claimed at once
   * @param sendTimeout the longest wait for a sender's answer; beyond it the send counts as a
   *     retryable failure (senders have their own, shorter timeouts)
   */
  public record Settings(Duration pollInterval, int batchSize, Duration sendTimeout) {
    public Settings {
      if (pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
      }
      if (sendTimeout.isNegative() || sendTimeout.isZero()) {
        throw new IllegalArgumentException("sendTimeout must be positive: " + sendTimeout);
      }
    }

    /** Every 250 ms, 100 rows, 60 s. */
    public static Settings defaults() {
      return new Settings(Duration.ofMillis(250), 100, Duration.ofSeconds(60));
    }
  }

  private final JdbcOutbox outbox;
  private final ChannelSender sender;
  private final RetryPolicy policy;
  private final Clock clock;
  private final Settings settings;
  private final DoubleSupplier random;
  private final OutboxMetrics metrics;
  private final ScheduledExecutorService thread;

  /** Answers not yet recorded because the database failed; recorded before the next claim. */
  private final List<Answered> unrecorded = new ArrayList<>();

  private record Answered(Claimed claimed, Delivery delivery) {}

  private OutboxDispatcher(
      JdbcOutbox outbox,
      ChannelSender sender,
      RetryPolicy policy,
      Clock clock,
      Settings settings,
      DoubleSupplier random,
      OutboxMetrics metrics) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.random = Objects.requireNonNull(random, "random");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "anxin-outbox-dispatcher");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts dispatching: first re-queues rows left {@code sending} (before returning), then polls.
   *
   * @param sender usually a {@link anxin.alerting.notify.ChannelRouter}; not closed by the
   *     dispatcher
   * @param clock decides what is due and when retries are
   */
  public static OutboxDispatcher start(
      JdbcOutbox outbox, ChannelSender sender, RetryPolicy policy, Clock clock, Settings settings) {
    return start(outbox, sender, policy, clock, settings, OutboxMetrics.NOOP);
  }

  /**
   * As {@link #start(JdbcOutbox, ChannelSender, RetryPolicy, Clock, Settings)}, reporting every
   * delivery and failed attempt to {@code metrics}.
   */
  public static OutboxDispatcher start(
      JdbcOutbox outbox,
      ChannelSender sender,
      RetryPolicy policy,
      Clock clock,
      Settings settings,
      OutboxMetrics metrics) {
    return start(
        outbox,
        sender,
        policy,
        clock,
        settings,
        () -> ThreadLocalRandom.current().nextDouble(),
        metrics);
  }

  static OutboxDispatcher start(
      JdbcOutbox outbox,
      ChannelSender sender,
      RetryPolicy policy,
      Clock clock,
      Settings settings,
      DoubleSupplier random) {
    return start(outbox, sender, policy, clock, settings, random, OutboxMetrics.NOOP);
  }

  static OutboxDispatcher start(
      JdbcOutbox outbox,
      ChannelSender sender,
      RetryPolicy policy,
      Clock clock,
      Settings settings,
      DoubleSupplier random,
      OutboxMetrics metrics) {
    OutboxDispatcher d =
        new OutboxDispatcher(outbox, sender, policy, clock, settings, random, metrics);
    // Before start returns, so that no row this process claims (sendNow) can be re-queued by it.
    d.recover();
    long every = settings.pollInterval().toMillis();
    d.thread.scheduleWithFixedDelay(d::pollSafely, 0, every, TimeUnit.MILLISECONDS);
    return d;
  }

  /** Looks for due rows now, e.g. right after an enqueue, instead of at the next poll. */
  public void wakeUp() {
    try {
      thread.execute(this::pollSafely);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed: nothing to do
    }
  }

  /**
   * Sends rows the caller's transaction already claimed ({@link JdbcOutbox#insertClaimingDue}) at
   * once, on the calling thread, without a claim query or a hop to the dispatcher's thread; each
   * answer (or the send timeout) is recorded on the dispatcher's thread like a polled row's. A row
   * whose answer cannot be recorded (closed, database down) stays {@code sending} until recorded or
   * re-queued by the next start: at least once, as for polled rows.
   */
  public void sendNow(List<Claimed> claimed) {
    for (Claimed c : claimed) {
      sendSafely(c)
          .copy()
          .completeOnTimeout(
              Delivery.failed(true, "no answer within the send timeout"),
              settings.sendTimeout().toNanos(),
              TimeUnit.NANOSECONDS)
          .whenComplete(
              (d, e) -> {
                Delivery answer =
                    e != null
                        ? Delivery.failed(true, "sender failed: " + e.getClass().getName())
                        : d != null ? d : Delivery.failed(true, "sender answered null");
                recordSoon(new Answered(c, answer));
              });
    }
  }

  private void recordSoon(Answered a) {
    try {
      thread.execute(
          () -> {
            unrecorded.add(a);
            try {
              recordAnswered();
            } catch (SQLException e) {
              LOG.warn("outbox: database error, recording at the next poll: {}", e.toString());
            } catch (RuntimeException e) {
              LOG.error("outbox: unexpected error recording an answer", e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed: the row stays 'sending' and the next start re-queues it
    }
  }

  /** For tests: one poll on the dispatcher's thread, done when the returned future is. */
  java.util.concurrent.Future<?> pollSoon() {
    return thread.submit(this::pollSafely);
  }

  /**
   * Stops the thread, interrupting a batch that waits for answers; its rows stay {@code sending}
   * and the next start re-queues them.
   */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("outbox dispatcher did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void recover() {
    try {
      int n = outbox.recoverSending(clock.instant());
      if (n > 0) {
        LOG.info("outbox: {} notifications left sending by a previous run are pending again", n);
      }
    } catch (SQLException | RuntimeException e) {
      // Rows stay 'sending' until the next start; the rest of the outbox is still dispatched.
      LOG.warn("outbox: cannot re-queue rows left sending: {}", e.toString());
    }
  }

  private void pollSafely() {
    try {
      while (pollOnce() == settings.batchSize() && !Thread.currentThread().isInterrupted()) {
        // a full batch: there may be more due now
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      LOG.warn("outbox: database error, retrying at the next poll: {}", e.toString());
    } catch (RuntimeException e) {
      LOG.error("outbox: unexpected error, retrying at the next poll", e);
    }
  }

  /** One batch: claim, send all, wait, record. Returns how many rows were claimed. */
  int pollOnce() throws SQLException, InterruptedException {
    recordAnswered();
    List<Claimed> batch = outbox.claim(clock.instant(), settings.batchSize());
    if (batch.isEmpty()) {
      return 0;
    }
    List<CompletableFuture<Delivery>> answers = new ArrayList<>(batch.size());
    for (Claimed c : batch) {
      answers.add(sendSafely(c));
    }
    long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
    List<Answered> answered = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      answered.add(new Answered(batch.get(i), await(answers.get(i), deadline)));
    }
    // Kept until recorded: a database error here must not leave rows 'sending' until a restart.
    unrecorded.addAll(answered);
    recordAnswered();
    return batch.size();
  }

  private void recordAnswered() throws SQLException {
    while (!unrecorded.isEmpty()) {
      Answered a = unrecorded.get(0);
      record(a.claimed(), a.delivery());
      unrecorded.remove(0);
    }
  }

  private CompletableFuture<Delivery> sendSafely(Claimed c) {
    try {
      return sender.send(c.message());
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(
          Delivery.failed(true, "sender threw " + e.getClass().getName()));
    }
  }

  private static Delivery await(CompletableFuture<Delivery> answer, long deadline)
      throws InterruptedException {
    try {
      Delivery d = answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return d != null ? d : Delivery.failed(true, "sender answered null");
    } catch (TimeoutException e) {
      return Delivery.failed(true, "no answer within the send timeout");
    } catch (ExecutionException e) {
      return Delivery.failed(true, "sender failed: " + e.getCause().getClass().getName());
    }
  }

  private void record(Claimed c, Delivery d) throws SQLException {
    String key = c.message().dedupKey();
    if (d instanceof Delivery.Failed f) {
      if (f.retryable() && policy.mayRetry(c.attempt())) {
        Duration wait = policy.delay(c.message().channel(), c.attempt(), random.getAsDouble());
        Instant next = clock.instant().plus(wait);
        outbox.markRetry(key, next, f.reason());
        LOG.info(
            "outbox: {} attempt {} failed ({}), retry in {} ms",
            key,
            c.attempt(),
            JdbcOutbox.scrub(f.reason()),
            wait.toMillis());
      } else {
        String why =
            f.retryable()
                ? "gave up after " + c.attempt() + " attempts: " + f.reason()
                : f.reason();
        outbox.markFailed(key, why);
        LOG.warn("outbox: {} failed: {}", key, JdbcOutbox.scrub(why));
      }
      report(() -> metrics.failed(c.message().channel(), f.retryable()));
    } else {
      outbox.markDelivered(key);
      LOG.debug("outbox: {} delivered on attempt {}", key, c.attempt());
      Instant now = clock.instant();
      long nanos =
          (now.getEpochSecond() - c.due().getEpochSecond()) * 1_000_000_000L
              + (now.getNano() - c.due().getNano());
      report(() -> metrics.delivered(c.message().channel(), Math.max(0, nanos)));
    }
  }

  /** Metrics never stop the dispatcher. */
  private static void report(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.debug("outbox: metrics failed: {}", e.toString());
    }
  }
}
