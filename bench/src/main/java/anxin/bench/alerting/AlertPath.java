package anxin.bench.alerting;

import anxin.alerting.AlertEvent;
import anxin.alerting.Changes;
import anxin.alerting.NotificationIntent;
import anxin.alerting.Observation;
import anxin.alerting.RuleAction;
import anxin.alerting.StaffActionResult;
import anxin.alerting.escalation.Escalator;
import anxin.alerting.lifecycle.AlertBook;
import anxin.alerting.lifecycle.AlertDesk;
import anxin.alerting.lifecycle.UlidSource;
import anxin.alerting.notify.ChannelSender;
import anxin.alerting.notify.OutgoingMessage;
import anxin.alerting.notify.Templates;
import anxin.alerting.notify.console.ConsolePublisher;
import anxin.alerting.outbox.IntentMapping;
import anxin.alerting.rule.RuleEngine;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The alerting core in process, one thread: {@link RuleEngine} to {@link AlertDesk} (alert book and
 * escalator) to {@link IntentMapping} to a channel sender. Console pages go to a real {@link
 * ConsolePublisher} with one listener that drops them (or, to tell its hand-off apart, to a {@link
 * CountingSender}); SMS and webhook pages to a {@link CountingSender}. Staff acknowledge every
 * alert 30 s after it opened and resolve it 120 s after (the mix's clock), so alerts close and new
 * falls page again.
 */
final class AlertPath implements AutoCloseable {

  private static final long ACK_AFTER_MILLIS = 30_000;
  private static final long RESOLVE_AFTER_MILLIS = 120_000;

  private record Opened(String alertId, long atMillis) {}

  private final RuleEngine engine;
  private final AlertDesk desk;
  private final ConsolePublisher publisher;
  private final ChannelSender console;
  private final CountingSender others = new CountingSender();
  private final ArrayDeque<Opened> toAcknowledge = new ArrayDeque<>();
  private final ArrayDeque<Opened> toResolve = new ArrayDeque<>();
  private long pages;
  private long alerts;

  /**
   * @param realConsole console pages to a {@link ConsolePublisher}; else to a counting sender
   */
  AlertPath(CareHomeMix mix, boolean realConsole) {
    this.engine = RuleEngine.withRules(mix.rules());
    this.desk =
        new AlertDesk(
            new AlertBook(new UlidSource(new SplittableRandom(7))),
            new Escalator(new CareHomeDirectory(mix)));
    if (realConsole) {
      publisher = new ConsolePublisher(Templates.defaults(), 1_000_000);
      publisher.subscribe(m -> {});
      console = publisher;
    } else {
      publisher = null;
      console = new CountingSender();
    }
  }

  /**
   * An event reaching the core at {@code now}: its rule actions applied, and every page they cause
   * handed to its channel.
   *
   * @return pages handed on
   */
  int onObservation(Observation o, Instant now) {
    return apply(engine.onObservation(o, now), now);
  }

  /** The platform's 250 ms tick: timer rules, escalation steps, and staff answering. */
  int tick(Instant now) {
    int n = apply(engine.tick(now), now);
    n += hand(desk.tick(now));
    long at = now.toEpochMilli();
    while (!toAcknowledge.isEmpty() && toAcknowledge.peek().atMillis() + ACK_AFTER_MILLIS <= at) {
      Opened a = toAcknowledge.poll();
      n += hand(desk.acknowledge(a.alertId(), "cg-a", now));
      toResolve.add(a);
    }
    while (!toResolve.isEmpty() && toResolve.peek().atMillis() + RESOLVE_AFTER_MILLIS <= at) {
      n += hand(desk.resolve(toResolve.poll().alertId(), "cg-a", "assisted", null, now));
    }
    return n;
  }

  private int apply(List<RuleAction> actions, Instant now) {
    int n = 0;
    for (RuleAction a : actions) {
      n += hand(desk.apply(a, now));
    }
    return n;
  }

  private int hand(StaffActionResult r) {
    return r instanceof StaffActionResult.Applied a ? hand(a.changes()) : 0;
  }

  private int hand(Changes changes) {
    for (AlertEvent e : changes.events()) {
      if (e.kind() == AlertEvent.Kind.OPENED) {
        alerts++;
        toAcknowledge.add(new Opened(e.alert().id(), e.alert().openedAt().toEpochMilli()));
      }
    }
    for (NotificationIntent i : changes.intents()) {
      OutgoingMessage m = IntentMapping.toMessage(i);
      ChannelSender sender =
          m.channel() == anxin.alerting.notify.Channel.CONSOLE ? console : others;
      sender.send(m);
    }
    pages += changes.intents().size();
    return changes.intents().size();
  }

  /** Pages handed on so far, on every channel. */
  long pages() {
    return pages;
  }

  /** Alerts opened so far. */
  long alerts() {
    return alerts;
  }

  @Override
  public void close() {
    if (publisher != null) {
      publisher.close();
    }
  }
}
