package anxin.platform.server;

import anxin.alerting.AlertEvent;
import anxin.platform.access.Principal;
import anxin.platform.store.Facility;
import anxin.platform.store.JdbcDirectory;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The console's Server-Sent Events (DESIGN §6 {@code GET /api/v1/alerts/stream}): every alert
 * event, to every subscriber whose scope includes the alert's facility. Each event has an id {@code
 * <run>-<n>}; the last 2,000 are kept, so a browser that reconnects with {@code Last-Event-ID} gets
 * what it missed. When the id is from another run of the server or too old, it gets a {@code reset}
 * event and reloads the board from the API.
 */
final class AlertStream {

  private static final int KEPT = 2_000;

  private record Sent(long n, String facility, AlertEvent event) {}

  private record Subscriber(Principal who, HttpServerResponse response, Context context) {}

  private final String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  private final AtomicLong counter = new AtomicLong();
  private final Deque<Sent> kept = new ArrayDeque<>();
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final JdbcDirectory directory;
  private final AlertJson json;

  AlertStream(JdbcDirectory directory, AlertJson json) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.json = Objects.requireNonNull(json, "json");
  }

  /** Called on the alerting core's thread: must not block. */
  void publish(AlertEvent e) {
    synchronized (kept) {
      Sent s = new Sent(counter.incrementAndGet(), e.alert().facility(), e);
      kept.addLast(s);
      if (kept.size() > KEPT) {
        kept.removeFirst();
      }
      for (Subscriber sub : subscribers) {
        deliver(sub, s);
      }
    }
  }

  /** Starts streaming to a response; replays what the client missed when it says what it saw. */
  void subscribe(Principal who, HttpServerResponse response, Context context, String lastEventId) {
    response
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    Subscriber sub = new Subscriber(who, response, context);
    response.closeHandler(v -> subscribers.remove(sub));
    response.exceptionHandler(x -> subscribers.remove(sub));
    response.write("retry: 2000\n\n");
    // Under the lock that publish() holds while it numbers and sends an event: the missed events
    // are queued to this response before any newer one, and none twice.
    synchronized (kept) {
      long after = parse(lastEventId);
      if (lastEventId != null && (after < 0 || !covered(after))) {
        response.write("id: " + run + "-" + counter.get() + "\nevent: reset\ndata: {}\n\n");
      } else if (after >= 0) {
        kept.stream().filter(s -> s.n() > after).forEach(s -> deliver(sub, s));
      }
      subscribers.add(sub);
    }
  }

  /**
   * A console page (the escalation's console channel): shown on the consoles of the staff member it
   * is for, and on facility screens (tokens of the facility without a staff member). Throws when no
   * such console is open, so the outbox retries it until one is.
   */
  void page(anxin.alerting.notify.console.ConsoleMessage m) {
    String facility = m.params().get("facility");
    String frame = null;
    int shown = 0;
    for (Subscriber sub : subscribers) {
      Principal p = sub.who();
      boolean mine = m.topic().equals(p.staffId());
      boolean screen =
          p.staffId() == null
              && facility != null
              && p.facilities().contains(facility)
              && p.role() != anxin.platform.access.Role.BUREAU;
      if (!mine && !screen) {
        continue;
      }
      if (frame == null) {
        com.fasterxml.jackson.databind.node.ObjectNode n = AlertJson.JSON.createObjectNode();
        n.put("alert", m.params().get("alert_id"));
        n.put("facility", facility);
        n.put("severity", m.params().get("severity"));
        n.put("kind", m.kind().name().toLowerCase(java.util.Locale.ROOT));
        n.put("title", m.title());
        n.put("text", m.text());
        frame = "event: page\ndata: " + n + "\n\n";
      }
      String f = frame;
      sub.context().runOnContext(v -> sub.response().write(f));
      shown++;
    }
    if (shown == 0) {
      throw new anxin.alerting.notify.console.ConsolePublisher.NotShown("no console open for it");
    }
  }

  /** A comment line to every subscriber, so proxies and idle timeouts keep the stream open. */
  void heartbeat() {
    for (Subscriber sub : subscribers) {
      sub.context().runOnContext(v -> sub.response().write(": keep-alive\n\n"));
    }
  }

  int subscribers() {
    return subscribers.size();
  }

  private boolean covered(long after) {
    if (after >= counter.get()) {
      return after == counter.get();
    }
    return !kept.isEmpty() && kept.peekFirst().n() <= after + 1;
  }

  private long parse(String lastEventId) {
    if (lastEventId == null || !lastEventId.startsWith(run + "-")) {
      return -1;
    }
    try {
      return Long.parseLong(lastEventId.substring(run.length() + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void deliver(Subscriber sub, Sent s) {
    Facility f = directory.facility(s.facility()).orElse(null);
    if (f == null || !sub.who().sees(f)) {
      return;
    }
    String data =
        json.alert(s.event().alert(), s.event().step(), sub.who())
            .put("step", s.event().step())
            .toString();
    String frame =
        "id: "
            + run
            + "-"
            + s.n()
            + "\nevent: "
            + s.event().kind().wireName()
            + "\ndata: "
            + data
            + "\n\n";
    sub.context().runOnContext(v -> sub.response().write(frame));
  }
}
