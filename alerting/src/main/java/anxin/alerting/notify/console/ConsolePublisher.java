package anxin.alerting.notify.console;

import anxin.alerting.notify.ChannelSender;
import anxin.alerting.notify.Delivery;
import anxin.alerting.notify.OutgoingMessage;
import anxin.alerting.notify.Param;
import anxin.alerting.notify.Templates;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@link anxin.alerting.notify.Channel#CONSOLE} messages to in-process listeners (the
 * platform's SSE endpoint). Listeners run one message at a time on the publisher's own thread, in
 * subscription order; one that throws is logged and skipped, the others still get the message.
 * {@link #send} is delivered when at least one listener took the message, and failed retryable when
 * none is subscribed (a console that reconnects gets it on the outbox's retry).
 */
public final class ConsolePublisher implements ChannelSender {

  private static final Logger LOG = LoggerFactory.getLogger(ConsolePublisher.class);

  private final Templates templates;
  private final CopyOnWriteArrayList<Consumer<ConsoleMessage>> listeners =
      new CopyOnWriteArrayList<>();
  private final ThreadPoolExecutor dispatcher;
  private final Set<CompletableFuture<Delivery>> pending = ConcurrentHashMap.newKeySet();

  /**
   * @param templates renders titles and texts
   * @param maxQueued messages waiting for listeners; beyond it a send fails retryable
   */
  public ConsolePublisher(Templates templates, int maxQueued) {
    this.templates = Objects.requireNonNull(templates, "templates");
    this.dispatcher =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(maxQueued),
            r -> {
              Thread t = new Thread(r, "anxin-console-publisher");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Thrown by a listener that is up but has nobody to show this message to (no console of its
   * recipient is open): counts as not taken, logged at debug level only, so the outbox retries.
   */
  public static final class NotShown extends RuntimeException {
    public NotShown(String why) {
      super(why, null, false, false);
    }
  }

  /** A subscription; closing it unsubscribes. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Adds a listener; it gets every message sent from now on until unsubscribed.
   *
   * @param listener called on the publisher's thread; must not block
   */
  public Subscription subscribe(Consumer<ConsoleMessage> listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> unsubscribe(listener);
  }

  /** Removes a listener; unknown listeners are ignored. */
  public void unsubscribe(Consumer<ConsoleMessage> listener) {
    listeners.remove(listener);
  }

  /** Listeners subscribed now. */
  public int subscribers() {
    return listeners.size();
  }

  @Override
  public CompletableFuture<Delivery> send(OutgoingMessage m) {
    CompletableFuture<Delivery> result = new CompletableFuture<>();
    pending.add(result);
    result.whenComplete((d, e) -> pending.remove(result));
    try {
      // Rendered on the publisher's thread, not the caller's: the caller may be latency-critical.
      dispatcher.execute(() -> result.complete(renderAndPublish(m)));
      return result;
    } catch (RejectedExecutionException e) {
      result.cancel(false);
      LOG.warn("console: queue full, {} not published", m.dedupKey());
      return CompletableFuture.completedFuture(Delivery.failed(true, "console queue full"));
    }
  }

  private Delivery renderAndPublish(OutgoingMessage m) {
    ConsoleMessage message;
    try {
      message = toConsole(m);
    } catch (IllegalArgumentException e) {
      return Delivery.failed(false, "template: " + e.getMessage());
    }
    return publish(message);
  }

  private ConsoleMessage toConsole(OutgoingMessage m) {
    Templates.Rendered r = templates.render(m);
    Map<String, String> params = new HashMap<>(m.params());
    params.remove(Param.RESIDENT_NAME.key());
    params.remove(Param.RESIDENT_INITIALS.key());
    params.remove(Param.RESIDENT_CODE.key());
    String resident = templates.resident(m.params());
    if (resident != null) {
      params.put("resident", resident);
    }
    return new ConsoleMessage(
        m.dedupKey(), m.address(), m.kind(), m.language(), r.title(), r.text(), r.link(), params);
  }

  private Delivery publish(ConsoleMessage message) {
    int took = 0;
    for (Consumer<ConsoleMessage> listener : listeners) {
      try {
        listener.accept(message);
        took++;
      } catch (NotShown e) {
        LOG.debug("console: {} not shown: {}", message.dedupKey(), e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn(
            "console: a listener failed on {}: {}", message.dedupKey(), e.getClass().getName());
      }
    }
    if (took > 0) {
      return Delivery.delivered();
    }
    return Delivery.failed(
        true, listeners.isEmpty() ? "no console subscribers" : "no console open for the recipient");
  }

  /** Stops the dispatcher; messages not yet published complete as failed, retryable. */
  @Override
  public void close() {
    dispatcher.shutdownNow();
    for (CompletableFuture<Delivery> f : pending) {
      f.complete(Delivery.failed(true, "console closed"));
    }
  }
}
