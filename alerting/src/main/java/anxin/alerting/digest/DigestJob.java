package anxin.alerting.digest;

import anxin.alerting.Severity;
import anxin.alerting.escalation.DigestPolicy;
import anxin.alerting.escalation.Directory;
import anxin.alerting.escalation.FacilityEscalation;
import anxin.alerting.escalation.Roster;
import anxin.alerting.outbox.JdbcOutbox;
import anxin.alerting.outbox.JdbcOutbox.Standalone;
import anxin.alerting.outbox.OutboxException;
import anxin.alerting.store.JdbcAlertStore;
import anxin.alerting.store.JdbcAlertStore.Facility;
import anxin.alerting.store.JdbcAlertStore.RuleCount;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each facility's daily digest of P3 alerts to the notification outbox, on its own daemon
 * thread, apart from the alerting core. Every minute it looks at every facility of the {@code
 * facility} table: when the facility's digest time has passed on its local date (zone from its
 * roster) and that day's digest has not been written, it counts the P3 alerts opened in the day
 * before from the database and writes one {@code pending} outbox row per recipient and channel. The
 * dedup keys ({@code digest/<facility>/<date>/<recipientKey>/<channel>}) make a second run, or a
 * run after a restart, write nothing more; the job also remembers which day it did per facility,
 * and after a restart asks the outbox, so that it does not count again every minute.
 *
 * <p>A facility with no P3 alert in the period gets no digest. A digest missed while the process
 * was down is written when it comes back, if no later one is due by then.
 */
public final class DigestJob implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DigestJob.class);

  /** How often facilities are looked at. */
  public static final Duration EVERY = Duration.ofMinutes(1);

  /**
   * What one run did.
   *
   * @param written facilities whose digest was written in this run
   * @param messages outbox rows written (new dedup keys)
   * @param failed facilities that failed (database, directory); tried again at the next run
   */
  public record Run(int written, int messages, int failed) {}

  private final JdbcAlertStore store;
  private final JdbcOutbox outbox;
  private final Directory directory;
  private final Clock clock;
  private final Runnable outboxWakeUp;
  private final Map<String, LocalDate> done = new HashMap<>();
  private ScheduledExecutorService thread;

  /**
   * A job that runs only when {@link #runOnce} is called; {@link #start} runs it every minute.
   *
   * @param store counts P3 alerts and lists facilities
   * @param outbox where digests are written
   * @param directory escalation settings (the digest's time, audience and channels) and rosters;
   *     read from this job's thread, so it must be safe to read from more than one thread
   * @param clock decides what is due
   * @param outboxWakeUp called after rows were written, e.g. {@code dispatcher::wakeUp}
   */
  DigestJob(
      JdbcAlertStore store,
      JdbcOutbox outbox,
      Directory directory,
      Clock clock,
      Runnable outboxWakeUp) {
    this.store = Objects.requireNonNull(store, "store");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.outboxWakeUp = Objects.requireNonNull(outboxWakeUp, "outboxWakeUp");
  }

  /**
   * Starts the job on its own daemon thread: a first run at once, then one every {@code every}
   * after the previous run ended.
   *
   * @param every {@link #EVERY} in production
   */
  public static DigestJob start(
      JdbcAlertStore store,
      JdbcOutbox outbox,
      Directory directory,
      Clock clock,
      Runnable outboxWakeUp,
      Duration every) {
    DigestJob job = new DigestJob(store, outbox, directory, clock, outboxWakeUp);
    job.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "anxin-p3-digest");
              t.setDaemon(true);
              return t;
            });
    job.thread.scheduleWithFixedDelay(job::runGuarded, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return job;
  }

  /** Looks at every facility once and writes the digests that are due. */
  synchronized Run runOnce() {
    Instant now = clock.instant();
    List<Facility> facilities;
    try {
      facilities = store.facilities();
    } catch (SQLException e) {
      LOG.warn("p3 digest: cannot list facilities, trying again at the next run: {}", e.toString());
      return new Run(0, 0, 1);
    }
    int written = 0;
    int messages = 0;
    int failed = 0;
    for (Facility f : facilities) {
      try {
        int n = runFor(f, now);
        if (n >= 0) {
          written++;
          messages += n;
        }
      } catch (SQLException | OutboxException | RuntimeException e) {
        failed++;
        LOG.warn("p3 digest of {}: failed, trying again at the next run: {}", f.id(), e.toString());
      }
    }
    if (messages > 0) {
      outboxWakeUp.run();
    }
    return new Run(written, messages, failed);
  }

  /**
   * Writes the facility's due digest and returns how many rows were new; -1 when none was due, it
   * was already done, or it had nothing to say or nobody to say it to.
   */
  private int runFor(Facility f, Instant now) throws SQLException, OutboxException {
    FacilityEscalation config = directory.escalation(f.id());
    DigestPolicy policy = config.digest();
    if (!policy.enabled()) {
      return -1;
    }
    Roster roster = directory.roster(f.id());
    DigestSlot slot = DigestSlot.latest(policy.at(), roster.zone(), now);
    if (slot.date().equals(done.get(f.id()))) {
      return -1;
    }
    if (outbox.holdsAnyOf(DigestMessages.pseudoAlertId(f.id(), slot.date()))) {
      done.put(f.id(), slot.date()); // written before a restart
      return -1;
    }
    List<RuleCount> counts = store.countOpened(f.id(), Severity.P3, slot.from(), slot.until());
    List<Standalone> rows = DigestMessages.compose(f, slot, counts, config, roster);
    if (rows.isEmpty()) {
      done.put(f.id(), slot.date());
      if (counts.isEmpty()) {
        LOG.debug("p3 digest of {} for {}: no P3 alerts, nothing sent", f.id(), slot.date());
      } else {
        LOG.warn(
            "p3 digest of {} for {}: nobody in p3.digest-to has an address on its channels",
            f.id(),
            slot.date());
      }
      return -1;
    }
    int n = outbox.enqueueStandalone(rows);
    done.put(f.id(), slot.date());
    LOG.info(
        "p3 digest of {} for {}: {} rules, {} messages written",
        f.id(),
        slot.date(),
        counts.size(),
        n);
    return n;
  }

  private void runGuarded() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: keep the job alive.
      LOG.error("p3 digest: unexpected error, trying again at the next run", e);
    }
  }

  /**
   * Stops the thread; a run in progress finishes its current facility's write or is interrupted.
   */
  @Override
  public void close() {
    if (thread == null) {
      return;
    }
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("p3 digest job did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
