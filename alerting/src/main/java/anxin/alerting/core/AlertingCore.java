package anxin.alerting.core;

import anxin.alerting.Alert;
import anxin.alerting.AlertEvent;
import anxin.alerting.Changes;
import anxin.alerting.DeviceCommand;
import anxin.alerting.GatewayStatus;
import anxin.alerting.NotificationIntent;
import anxin.alerting.Observation;
import anxin.alerting.RuleAction;
import anxin.alerting.Severity;
import anxin.alerting.StaffActionResult;
import anxin.alerting.lifecycle.AlertBook;
import anxin.alerting.lifecycle.AlertDesk;
import anxin.alerting.notify.ChannelSender;
import anxin.alerting.outbox.JdbcOutbox;
import anxin.alerting.outbox.RetryPolicy;
import anxin.alerting.rule.RuleEngine;
import anxin.alerting.store.JdbcAlertStore;
import anxin.alerting.store.JdbcAlertStore.AlertRow;
import anxin.alerting.store.JdbcAlertStore.TimelineRow;
import anxin.alerting.store.JdbcAlertStore.Write;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running alerting core: the rule engine and the alert desk on one thread, fed by ingest's
 * hand-off, staff actions and a clock tick; what they decide is written by a {@link Persister} and
 * sent by the outbox (or directly while the database is down). On start it rebuilds itself from the
 * database (docs/alerting-recovery.md): active alerts and their escalation, and the rule engine's
 * windows and timers from the recent events.
 *
 * <p>Nothing here blocks the caller: {@link #submit} queues the observation; staff actions and
 * queries return futures completed on the core's thread.
 *
 * <p>Alarms first: a {@code panic}, {@code fall} or {@code tamper} (the types that page at once,
 * {@link anxin.protocol.EventType#pagesAtOnce}) waits in a lane of its own, which the core's thread
 * empties before each task it runs, so that an alarm waits for at most the task in hand, not for
 * the telemetry queued before it (thousands of events when the intake hands off a burst). It may so
 * overtake its own device's earlier events, which the rule engine then takes as late; the engine
 * keeps door and bed state right in that case (see {@link anxin.alerting.rule.RuleEngine}).
 */
public final class AlertingCore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertingCore.class);
  private static final Severity[] SEVERITIES = Severity.values();

  /**
   * @param tick how often timer rules and escalation are checked (DESIGN: within 250 ms of due)
   * @param replayWindow how far back events are replayed on start; the longest rule window (24 h
   *     for repeated falls and daily battery alerts) by default
   * @param replaySkew events received up to this long before the stored progress are replayed live
   *     too (their triggers are recognised if already applied), covering events that reached the
   *     core slightly out of order
   * @param keepResolved how long a resolved alert stays in memory (the database keeps it)
   * @param retryInterval how often the database is tried again while it is unreachable
   * @param stallLimit a write in progress longer than this sends new pages directly
   * @param directCapacity the most notifications held in memory while the database is down
   * @param maxWaitingWrites the most units of alert history held in memory while it is down
   * @param sendTimeout how long a direct send may wait for the channel's answer
   */
  public record Settings(
      Duration tick,
      Duration replayWindow,
      Duration replaySkew,
      Duration keepResolved,
      Duration retryInterval,
      Duration stallLimit,
      int directCapacity,
      int maxWaitingWrites,
      Duration sendTimeout) {

    public static Settings defaults() {
      return new Settings(
          Duration.ofMillis(100),
          Duration.ofHours(24),
          Duration.ofSeconds(5),
          Duration.ofMinutes(10),
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          10_000,
          100_000,
          Duration.ofSeconds(60));
    }

    /** These settings with another database retry interval. */
    public Settings withRetryInterval(Duration d) {
      return new Settings(
          tick,
          replayWindow,
          replaySkew,
          keepResolved,
          d,
          stallLimit,
          directCapacity,
          maxWaitingWrites,
          sendTimeout);
    }
  }

  /**
   * Where the parts come from.
   *
   * @param outbox takes the notifications each write claimed, to send them at once: {@code
   *     dispatcher::sendNow}
   * @param metrics told how long pages took; {@link AlertingMetrics#NOOP} for none
   */
  public record Parts(
      RuleEngine engine,
      AlertDesk desk,
      JdbcAlertStore store,
      EventHistory history,
      ChannelSender channels,
      RetryPolicy retryPolicy,
      Consumer<List<JdbcOutbox.Claimed>> outbox,
      Consumer<DeviceCommand> commands,
      Clock clock,
      AlertingMetrics metrics) {

    /** Parts that report no metrics. */
    public Parts(
        RuleEngine engine,
        AlertDesk desk,
        JdbcAlertStore store,
        EventHistory history,
        ChannelSender channels,
        RetryPolicy retryPolicy,
        Consumer<List<JdbcOutbox.Claimed>> outbox,
        Consumer<DeviceCommand> commands,
        Clock clock) {
      this(
          engine,
          desk,
          store,
          history,
          channels,
          retryPolicy,
          outbox,
          commands,
          clock,
          AlertingMetrics.NOOP);
    }

    public Parts {
      Objects.requireNonNull(engine, "engine");
      Objects.requireNonNull(desk, "desk");
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(history, "history");
      Objects.requireNonNull(channels, "channels");
      Objects.requireNonNull(retryPolicy, "retryPolicy");
      Objects.requireNonNull(outbox, "outbox");
      Objects.requireNonNull(commands, "commands");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(metrics, "metrics");
    }
  }

  /** What start-up rebuilt. */
  public record Recovery(
      int alerts, long eventsReplayed, long eventsLive, Instant processedUntil) {}

  private record Resolved(String id, Instant at) {}

  private final Settings settings;
  private final Parts parts;
  private final DirectSender direct;
  private final Persister persister;
  private final ScheduledThreadPoolExecutor thread;
  private final List<Consumer<AlertEvent>> listeners = new CopyOnWriteArrayList<>();
  private final ArrayDeque<Resolved> resolved = new ArrayDeque<>();
  private final ConcurrentLinkedQueue<Observation> alarms = new ConcurrentLinkedQueue<>();
  private Instant processedUntil;
  private Instant storedProgress;
  private Recovery recovery;

  private AlertingCore(Settings settings, Parts parts) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.parts = parts;
    this.direct =
        new DirectSender(
            parts.channels(),
            parts.retryPolicy(),
            parts.clock(),
            settings.directCapacity(),
            settings.sendTimeout());
    this.persister =
        new Persister(
            parts.store(),
            direct,
            parts.outbox(),
            parts.commands(),
            parts.metrics(),
            settings.retryInterval(),
            settings.stallLimit(),
            settings.maxWaitingWrites());
    this.thread =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "anxin-alerting");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Rebuilds from the database, then starts: the core thread ticking every {@link Settings#tick}
   * and the persister. Needs the database at start.
   *
   * @throws Exception when the database cannot be read
   */
  public static AlertingCore start(Settings settings, Parts parts) throws Exception {
    AlertingCore core = new AlertingCore(settings, parts);
    core.persister.start();
    try {
      core.thread.submit(core::recover).get();
    } catch (java.util.concurrent.ExecutionException e) {
      core.close();
      throw e.getCause() instanceof Exception x ? x : e;
    }
    long every = settings.tick().toMillis();
    core.thread.scheduleAtFixedRate(core::tickSafely, every, every, TimeUnit.MILLISECONDS);
    return core;
  }

  /** What start-up rebuilt. */
  public Recovery recovery() {
    return recovery;
  }

  /** Called with every alert event (opened, updated, escalated, ...) on the core's thread. */
  public void addListener(Consumer<AlertEvent> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Evaluates an accepted event. Never blocks; safe from any thread. The types that page at once
   * ({@code panic}, {@code fall}, {@code tamper}) go ahead of every other queued task.
   */
  public void submit(Observation o) {
    if (o.event().type().pagesAtOnce()) {
      alarms.add(o);
      execute(() -> {}); // the lane is emptied before any task runs, this one included
    } else {
      execute(() -> observe(o));
    }
  }

  /** Evaluates a gateway's status (online, offline, Last Will). Never blocks. */
  public void submit(GatewayStatus s) {
    execute(
        () -> {
          Instant now = parts.clock().instant();
          commit(apply(parts.engine().onGatewayStatus(s, now), now));
        });
  }

  /**
   * Gives the rule engine a facility's new rules (a changed setting or care plan), on the core's
   * thread. Never blocks.
   */
  public void reconfigure(String facility, anxin.alerting.FacilityRules rules) {
    execute(() -> parts.engine().reconfigure(facility, rules));
  }

  /** Acknowledges an alert for a staff member; see {@link AlertDesk#acknowledge}. */
  public CompletableFuture<StaffActionResult> acknowledge(String alertId, String actor) {
    return call(
        desk -> {
          StaffActionResult r = desk.acknowledge(alertId, actor, parts.clock().instant());
          if (r instanceof StaffActionResult.Applied a) {
            commit(a.changes());
          }
          return r;
        });
  }

  /** Resolves an alert with an outcome; see {@link AlertDesk#resolve}. */
  public CompletableFuture<StaffActionResult> resolve(
      String alertId, String actor, String outcome, String note) {
    return call(
        desk -> {
          StaffActionResult r =
              desk.resolve(alertId, actor, outcome, note, parts.clock().instant());
          if (r instanceof StaffActionResult.Applied a) {
            commit(a.changes());
          }
          return r;
        });
  }

  /** Runs a query against the alert book on the core's thread. */
  public <T> CompletableFuture<T> query(Function<AlertBook, T> q) {
    return call(desk -> q.apply(desk.book()));
  }

  /** Work waiting for the core's thread: events, staff actions, queries, the next tick. */
  public int backlog() {
    return thread.getQueue().size() + alarms.size();
  }

  /** False while the database cannot be written and pages go out directly. */
  public boolean databaseWritable() {
    return persister.online();
  }

  /** Units of history and notification states waiting for the database. */
  public int waitingForDatabase() {
    return persister.waiting() + direct.unsettled();
  }

  /**
   * Stops taking work, writes what is queued (waiting at most {@code timeout} for the database),
   * and stops.
   */
  public void close(Duration timeout) {
    thread.shutdown();
    try {
      thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!persister.flush(timeout) && persister.waiting() > 0) {
        LOG.warn("alerting: {} writes not flushed at shutdown", persister.waiting());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    persister.close();
    direct.close();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  private void execute(Runnable r) {
    try {
      thread.execute(
          () -> {
            observeAlarms();
            try {
              r.run();
            } catch (RuntimeException e) {
              LOG.error("alerting: unexpected error", e);
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.warn("alerting: stopped, input dropped");
    }
  }

  private <T> CompletableFuture<T> call(Function<AlertDesk, T> f) {
    CompletableFuture<T> out = new CompletableFuture<>();
    try {
      thread.execute(
          () -> {
            observeAlarms();
            try {
              out.complete(f.apply(parts.desk()));
            } catch (RuntimeException e) {
              out.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException e) {
      out.completeExceptionally(new IllegalStateException("alerting core stopped"));
    }
    return out;
  }

  /** Takes the alarms waiting in their lane, in arrival order. On the core's thread. */
  private void observeAlarms() {
    Observation o;
    while ((o = alarms.poll()) != null) {
      try {
        observe(o);
      } catch (RuntimeException e) {
        LOG.error("alerting: unexpected error", e);
      }
    }
  }

  private void observe(Observation o) {
    if (processedUntil == null || o.receivedAt().isAfter(processedUntil)) {
      processedUntil = o.receivedAt();
    }
    Instant now = parts.clock().instant();
    Changes c = apply(parts.engine().onObservation(o, now), now);
    commit(c);
    if (!c.intents().isEmpty()) {
      reportPageLatency(o.receivedAt(), c.intents());
    }
  }

  /**
   * The time from receipt to the pages' hand-off, once per severity paged for. No allocation beyond
   * the clock's instant: the severities seen are a bit set.
   */
  private void reportPageLatency(Instant receivedAt, List<NotificationIntent> intents) {
    int seen = 0;
    for (int i = 0; i < intents.size(); i++) {
      NotificationIntent n = intents.get(i);
      if (n.step() > 0) { // step 0 is a resolution message, not a page
        seen |= 1 << n.severity().ordinal();
      }
    }
    if (seen == 0) {
      return;
    }
    Instant now = parts.clock().instant();
    long nanos =
        Math.max(
            0,
            (now.getEpochSecond() - receivedAt.getEpochSecond()) * 1_000_000_000L
                + (now.getNano() - receivedAt.getNano()));
    for (Severity s : SEVERITIES) {
      if ((seen & 1 << s.ordinal()) != 0) {
        try {
          parts.metrics().pageLatency(s, nanos);
        } catch (RuntimeException e) {
          LOG.debug("alerting: metrics failed: {}", e.toString());
        }
      }
    }
  }

  private Changes apply(List<RuleAction> actions, Instant now) {
    Changes out = Changes.NONE;
    for (RuleAction a : actions) {
      out = out.then(parts.desk().apply(a, now));
    }
    return out;
  }

  private Changes applyReplayed(List<RuleAction> actions, Instant now) {
    Changes out = Changes.NONE;
    for (RuleAction a : actions) {
      out = out.then(parts.desk().applyReplayed(a, now));
    }
    return out;
  }

  private void tickSafely() {
    observeAlarms();
    try {
      Instant now = parts.clock().instant();
      Changes c = apply(parts.engine().tick(now), now).then(parts.desk().tick(now));
      forgetResolved(now);
      commit(c);
    } catch (RuntimeException e) {
      LOG.error("alerting: tick failed", e);
    }
  }

  /** Publishes the events and hands what changed to the persister. */
  private void commit(Changes c) {
    for (AlertEvent e : c.events()) {
      if (e.kind() == AlertEvent.Kind.RESOLVED) {
        resolved.add(new Resolved(e.alert().id(), parts.clock().instant()));
      }
      for (Consumer<AlertEvent> l : listeners) {
        try {
          l.accept(e);
        } catch (RuntimeException x) {
          LOG.warn("alerting: listener failed on {}: {}", e.kind(), x.toString());
        }
      }
    }
    List<AlertBook.Unstored> changed = parts.desk().book().drainUnstored();
    boolean content = !changed.isEmpty() || !c.intents().isEmpty() || !c.commands().isEmpty();
    Instant progress = null;
    if (processedUntil != null
        && (storedProgress == null
            || processedUntil.isAfter(storedProgress)
                && (content
                    || Duration.between(storedProgress, processedUntil).toMillis() >= 1000))) {
      progress = processedUntil;
      storedProgress = processedUntil;
    }
    if (!content && progress == null) {
      return;
    }
    List<AlertRow> alerts = new ArrayList<>(changed.size());
    List<TimelineRow> timeline = new ArrayList<>();
    for (AlertBook.Unstored u : changed) {
      alerts.add(new AlertRow(u.alert(), u.escalationStep()));
      for (int i = 0; i < u.entries().size(); i++) {
        timeline.add(new TimelineRow(u.alert().id(), u.firstNew() + i, u.entries().get(i)));
      }
    }
    List<JdbcOutbox.Row> rows = c.intents().stream().map(JdbcOutbox.Row::pending).toList();
    persister.submit(
        new Persister.Unit(new Write(alerts, timeline, rows, progress), c.intents(), c.commands()));
  }

  private void forgetResolved(Instant now) {
    Instant before = now.minus(settings.keepResolved());
    while (!resolved.isEmpty() && resolved.peek().at().isBefore(before)) {
      parts.desk().book().forget(resolved.poll().id());
    }
  }

  /** Start-up, on the core's thread: see the class comment and docs/alerting-recovery.md. */
  private Void recover() throws Exception {
    Instant now = parts.clock().instant();
    JdbcAlertStore store = parts.store();
    Instant until = store.processedUntil().orElse(null);
    List<JdbcAlertStore.Stored> stored =
        store.loadForRecovery(
            (until != null ? until : now)
                .minus(settings.keepResolved())
                .minus(settings.replaySkew()));
    AlertBook book = parts.desk().book();
    List<Alert> active = new ArrayList<>();
    for (JdbcAlertStore.Stored s : stored) {
      book.restore(s.alert(), s.timeline());
      if (s.alert().isActive()) {
        active.add(s.alert());
      } else {
        resolved.add(new Resolved(s.alert().id(), now));
      }
    }
    Changes out = parts.desk().recover(active, now);
    // Without stored progress (a first start), events already stored only set the windows.
    Instant silentUntil = until == null ? now : until.minus(settings.replaySkew());
    long[] counts = new long[2];
    Changes[] live = {Changes.NONE};
    RuleEngine engine = parts.engine();
    parts
        .history()
        .replay(
            now.minus(settings.replayWindow()),
            now,
            o -> {
              Instant at = o.receivedAt();
              if (!at.isAfter(silentUntil)) {
                engine.tick(at);
                engine.onObservation(o, at);
                counts[0]++;
              } else {
                live[0] = live[0].then(applyReplayed(engine.tick(at), now));
                live[0] = live[0].then(applyReplayed(engine.onObservation(o, at), now));
                counts[1]++;
              }
              if (processedUntil == null || at.isAfter(processedUntil)) {
                processedUntil = at;
              }
            });
    out = out.then(live[0]).then(applyReplayed(engine.tick(now), now)).then(parts.desk().tick(now));
    storedProgress = until;
    commit(out);
    recovery = new Recovery(active.size(), counts[0], counts[1], until);
    LOG.info(
        "alerting: recovered {} active alerts; replayed {} stored events ({} evaluated live);"
            + " processed until {}",
        active.size(),
        counts[0] + counts[1],
        counts[1],
        until);
    return null;
  }
}
