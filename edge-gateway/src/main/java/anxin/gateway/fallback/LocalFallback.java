package anxin.gateway.fallback;

import anxin.protocol.Event;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 6 item 4: when the uplink has been down longer than {@link FallbackConfig#downAfter} and a
 * {@code panic} or {@code fall} arrives, the gateway raises it itself ({@link AlarmActions}),
 * records it in the {@link AlarmLog}, and the log reports it upstream on the status topic once the
 * uplink is back.
 *
 * <p>An alarm that arrives while the uplink has been down for less than that waits: if the uplink
 * is still down when the time is up ({@link #tick}), it is raised then; if the uplink comes back
 * first, the journal sends it and nothing is raised. The same (dev, seq) is raised once. "Down"
 * means the uplink is not connected ({@code linkUp} false); a link that died silently counts as up
 * until MQTT's keep-alive notices (about 1.5 × keep-alive, docs/gateway-uplink.md).
 *
 * <p>Time comes from the injected clock, and the decisions take no time: {@link #onStored} and
 * {@link #tick} record the alarm (one fsync) and start its actions, which run on their own threads.
 * Thread-safe.
 */
public final class LocalFallback {

  private static final Logger log = LoggerFactory.getLogger(LocalFallback.class);

  /** Alarms kept waiting, and (dev, seq) remembered as raised, at most. */
  static final int MAX_REMEMBERED = 1_000;

  private record Key(String dev, long seq) {}

  private final FallbackConfig config;
  private final Clock clock;
  private final BooleanSupplier linkUp;
  private final AlarmLog alarms;
  private final AlarmActions actions;
  private final Map<Key, Event> waiting = new LinkedHashMap<>();
  private final LinkedHashSet<Key> raised = new LinkedHashSet<>();
  private Instant lastUp;

  /**
   * @param linkUp true while the uplink is connected, e.g. {@code () -> uplink.state() == ONLINE}
   */
  public LocalFallback(
      FallbackConfig config,
      Clock clock,
      BooleanSupplier linkUp,
      AlarmLog alarms,
      AlarmActions actions) {
    this.config = config;
    this.clock = clock;
    this.linkUp = linkUp;
    this.alarms = alarms;
    this.actions = actions;
    this.lastUp = clock.instant(); // a link that never came up counts as down from start
  }

  /** Events just stored in the journal (a {@code JournalIntake} listener). */
  public synchronized void onStored(List<Event> events) {
    Instant now = clock.instant();
    boolean up = observe(now);
    for (Event e : events) {
      if (!e.type().isAlarm() || up) {
        continue;
      }
      if (downFor(now).compareTo(config.downAfter()) >= 0) {
        raise(e, now);
      } else if (waiting.size() < MAX_REMEMBERED) {
        waiting.put(new Key(e.dev(), e.seq()), e);
      }
    }
  }

  /** Looks at the uplink again; raises waiting alarms once it has been down long enough. */
  public synchronized void tick() {
    Instant now = clock.instant();
    if (observe(now) || waiting.isEmpty()) {
      return;
    }
    if (downFor(now).compareTo(config.downAfter()) >= 0) {
      List<Event> due = List.copyOf(waiting.values());
      waiting.clear();
      due.forEach(e -> raise(e, now));
    }
  }

  /** How long the uplink has been down, zero when it is up. */
  public synchronized Duration downFor() {
    Instant now = clock.instant();
    return observe(now) ? Duration.ZERO : downFor(now);
  }

  private boolean observe(Instant now) {
    if (linkUp.getAsBoolean()) {
      lastUp = now;
      waiting.clear();
      return true;
    }
    return false;
  }

  private Duration downFor(Instant now) {
    return Duration.between(lastUp, now);
  }

  private void raise(Event e, Instant now) {
    Key key = new Key(e.dev(), e.seq());
    if (!raised.add(key)) {
      return; // the same event again (a LAN redelivery)
    }
    if (raised.size() > MAX_REMEMBERED) {
      raised.remove(raised.iterator().next());
    }
    long downMs = downFor(now).toMillis();
    LocalAlarm alarm;
    try {
      alarm = alarms.raised(e, now, downMs);
    } catch (IOException ex) {
      log.error("fallback: cannot record the local alarm; raising it anyway", ex);
      alarm = new LocalAlarm(-1, e, now, downMs);
    }
    log.warn(
        "fallback: uplink down {} s: raising {} of {} (seq {}) locally",
        downMs / 1000,
        e.type(),
        e.dev(),
        e.seq());
    long number = alarm.number();
    try {
      actions
          .raise(alarm)
          .whenComplete(
              (outcome, failure) -> {
                Outcome o = failure != null ? new Outcome("error", "error") : outcome;
                log.info(
                    "fallback: alarm {} done: command {}, webhook {}",
                    number,
                    o.command(),
                    o.webhook());
                if (number >= 0) {
                  try {
                    alarms.outcome(number, o);
                  } catch (IOException ex) {
                    log.error("fallback: cannot record the outcome of alarm {}", number, ex);
                  }
                }
              });
    } catch (RuntimeException ex) {
      log.error("fallback: local actions failed to start", ex);
    }
  }
}
