package anxin.ingest.pipeline;

import anxin.ingest.Device;
import anxin.ingest.DeviceRegistry;
import anxin.ingest.EventHandoff;
import anxin.ingest.EventWriter;
import anxin.ingest.Ingest;
import anxin.ingest.IngestedEvent;
import anxin.ingest.Outcome;
import anxin.ingest.Receipt;
import anxin.ingest.Sender;
import anxin.ingest.Submission;
import anxin.ingest.Transport;
import anxin.protocol.DecodeResult;
import anxin.protocol.Decoded;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Reason;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.topic.TopicRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest pipeline: decode on the caller's thread, then under one short lock admit each event
 * (registry, topic rules, credentials), rate-limit it (never a type that pages at once: {@code
 * panic}, {@code fall}, {@code tamper}), deduplicate it against the in-memory window, hand it to
 * alerting at once, and queue its write. The receipt completes when every accepted event is
 * durable: one wait per submission on the writer's {@linkplain EventWriter#whenCommitted
 * watermark}, for the highest write the submission depends on.
 *
 * <p>The lock keeps hand-off in per-device arrival order; the work under it is a few map operations
 * per event, with no I/O.
 */
public final class IngestPipeline implements Ingest {

  private static final Logger log = LoggerFactory.getLogger(IngestPipeline.class);

  /**
   * Tunables.
   *
   * @param dedupPerDevice recent keys kept per device in the in-memory window
   * @param ratePerSecond sustained events per second allowed per device (alarms exempt)
   * @param rateBurst burst allowed per device
   * @param maxBacklog writes queued before CoAP and HTTP senders are told to retry later (alarms
   *     are still taken); the MQTT intake's bound is at least this (see {@code IngestNode})
   */
  public record Settings(int dedupPerDevice, double ratePerSecond, int rateBurst, int maxBacklog) {
    /** 1024 keys per device, 20 events/s with bursts of 200, 100,000 queued writes. */
    public static final Settings DEFAULTS = new Settings(1024, 20, 200, 100_000);
  }

  private final EventCodec codec = new EventCodec();
  private final DeviceRegistry registry;
  private final EventWriter writer;
  private final EventHandoff handoff;
  private final IngestMetrics metrics;
  private final Settings settings;
  private final Object lock = new Object();
  private final DedupWindow window; // guarded by lock
  private final RateLimiter limiter; // guarded by lock
  private final Map<EarlyKey, Boolean> early = new EarlyKeys(); // guarded by lock

  /** An alarm taken from an early copy, whose full submission has not come yet. */
  private record EarlyKey(String device, long seq, long tsKey) {}

  private static final long NO_WRITE = 0; // write numbers start at 1

  /**
   * The keys of alarms taken early, oldest first, at most {@value #EARLY_KEYS}: past that the
   * oldest is forgotten, and its full submission, should it still come, is counted a duplicate
   * (metrics only; it is neither handed off nor written twice either way).
   */
  private static final class EarlyKeys extends LinkedHashMap<EarlyKey, Boolean> {
    @Override
    protected boolean removeEldestEntry(Map.Entry<EarlyKey, Boolean> eldest) {
      return size() > EARLY_KEYS;
    }
  }

  private static final int EARLY_KEYS = 10_000;

  public IngestPipeline(
      DeviceRegistry registry,
      EventWriter writer,
      EventHandoff handoff,
      IngestMetrics metrics,
      Settings settings) {
    this.registry = registry;
    this.writer = writer;
    this.handoff = handoff;
    this.metrics = metrics;
    this.settings = settings;
    this.window = new DedupWindow(settings.dedupPerDevice());
    this.limiter = new RateLimiter(settings.ratePerSecond(), settings.rateBurst());
  }

  /**
   * Marks keys already durable in the database as seen, so that messages redelivered after a
   * restart do not reach alerting a second time.
   */
  public void preload(String device, long seq, Long ts) {
    synchronized (lock) {
      window.durable(device, seq, DedupWindow.tsKey(ts));
    }
  }

  @Override
  public CompletableFuture<Receipt> submit(Submission s) {
    DecodeResult decoded;
    try {
      decoded = codec.decode(s.payload());
    } catch (RuntimeException e) { // the codec promises not to; belt and braces
      log.error("decoder failed on a {}-byte {} message", s.payload().length, s.transport(), e);
      decoded = DecodeResult.rejected(Reason.MALFORMED, "undecodable");
    }
    Outcomes outcomes = new Outcomes(decoded.items().size(), s.transport());
    synchronized (lock) {
      int slot = 0;
      for (Decoded item : decoded.items()) {
        take(s, item, outcomes, slot++);
      }
    }
    if (outcomes.upTo == NO_WRITE) {
      outcomes.committed(null); // nothing to wait for
    } else {
      writer.whenCommitted(outcomes.upTo, outcomes::committed);
    }
    return outcomes.receipt;
  }

  /**
   * A submission's outcomes in item order, known at once, and what waits for its writes: the
   * highest write number it depends on (its own writes, and those of the copies it duplicates), the
   * events it wrote, and the alarms taken early whose full copy it is. Its receipt completes when
   * the writer's watermark reaches that number, or exceptionally when the writer stopped first. One
   * wait per submission: a future, a completion and a lambda per event took about 200 of the 565
   * bytes a queued event held (docs/benchmarks.md, "A durability watermark").
   */
  private final class Outcomes {
    private final Outcome[] slots;
    private final Transport transport;
    final CompletableFuture<Receipt> receipt = new CompletableFuture<>();
    long upTo = NO_WRITE;
    private List<IngestedEvent> written = List.of(); // counted as accepted once durable
    private List<EventType> earlyCopies = List.of(); // alarms taken early, counted once durable

    Outcomes(int size, Transport transport) {
      slots = new Outcome[size];
      this.transport = transport;
    }

    Receipt receipt() {
      return new Receipt(List.of(slots));
    }

    void set(int slot, Outcome o) {
      slots[slot] = o;
    }

    /** The slot's outcome holds once write {@code number} is committed. */
    void setWhen(int slot, long number, Outcome o) {
      slots[slot] = o;
      upTo = Math.max(upTo, number);
    }

    void wrote(IngestedEvent e, long number) {
      if (written.isEmpty()) {
        written = new ArrayList<>(slots.length);
      }
      written.add(e);
      upTo = Math.max(upTo, number);
    }

    void earlyCopy(EventType type) {
      if (earlyCopies.isEmpty()) {
        earlyCopies = new ArrayList<>(1);
      }
      earlyCopies.add(type);
    }

    /** The writer's watermark reached {@link #upTo}, or the writer stopped first. */
    void committed(Throwable failure) {
      if (failure != null) {
        receipt.completeExceptionally(
            failure instanceof CompletionException ? failure : new CompletionException(failure));
        return;
      }
      try {
        onDurable(written, true);
        earlyCopies.forEach(type -> metrics.event(transport, type, Outcome.Status.ACCEPTED));
      } finally {
        receipt.complete(receipt());
      }
    }
  }

  @Override
  public int takeAlarmsEarly(Submission s) {
    DecodeResult decoded;
    try {
      decoded = codec.decode(s.payload());
    } catch (RuntimeException e) { // the full submission logs and counts it
      return 0;
    }
    int taken = 0;
    synchronized (lock) {
      for (Decoded item : decoded.items()) {
        if (item instanceof Decoded.Accepted a
            && a.event().type().pagesAtOnce()
            && takeEarly(s, a.event())) {
          taken++;
        }
      }
    }
    return taken;
  }

  /**
   * Hands off and writes a new, admitted event that pages at once (never rate-limited, so the full
   * submission cannot refuse what was taken here); refusals are left to the full submission.
   */
  private boolean takeEarly(Submission s, Event e) {
    long tsKey = DedupWindow.tsKey(e.ts());
    if (admit(s.sender(), e).isPresent()
        || !(window.check(e.dev(), e.seq(), tsKey) instanceof DedupWindow.New)) {
      return false;
    }
    Device device = registry.find(e.dev()).orElseThrow(); // admit() checked it exists
    IngestedEvent ingested =
        new IngestedEvent(e, device, s.transport(), s.receivedAt(), s.receivedNanos());
    handOff(ingested);
    long number = writer.write(ingested);
    window.pending(e.dev(), e.seq(), tsKey, number);
    early.put(new EarlyKey(e.dev(), e.seq(), tsKey), Boolean.TRUE);
    writer.whenCommitted(
        number,
        failure -> {
          if (failure == null) {
            onDurable(List.of(ingested), false);
          }
        });
    return true;
  }

  private void take(Submission s, Decoded item, Outcomes outcomes, int slot) {
    Transport t = s.transport();
    if (item instanceof Decoded.Rejected r) {
      outcomes.set(slot, reject(t, null, r.index(), r.reason(), r.detail()));
      return;
    }
    Decoded.Accepted a = (Decoded.Accepted) item;
    Event e = a.event();
    int index = a.index();
    Optional<TopicRules.Refusal> refusal = admit(s.sender(), e);
    if (refusal.isPresent()) {
      outcomes.set(slot, reject(t, e, index, refusal.get().reason(), refusal.get().detail()));
      return;
    }
    Device device = registry.find(e.dev()).orElseThrow(); // admit() checked it exists
    boolean urgent = e.type().pagesAtOnce();
    long ts = e.ts() == null ? RateLimiter.NO_TS : e.ts();
    if (!urgent && !limiter.tryAcquire(e.dev(), s.receivedNanos(), ts)) {
      outcomes.set(slot, reject(t, e, index, Reason.RATE_LIMITED, "dev: over its rate limit"));
      return;
    }
    long tsKey = DedupWindow.tsKey(e.ts());
    DedupWindow.Seen seen = window.check(e.dev(), e.seq(), tsKey);
    if (urgent && !early.isEmpty() && early.remove(new EarlyKey(e.dev(), e.seq(), tsKey)) != null) {
      // The full copy of an alarm taken early: already handed off and written (or being written);
      // this is the copy that counts. A window that forgot the key only forgets durable ones.
      outcomes.setWhen(
          slot,
          seen instanceof DedupWindow.Pending p ? p.number() : NO_WRITE,
          Outcome.acceptedAt(index));
      outcomes.earlyCopy(e.type());
      return;
    }
    if (seen instanceof DedupWindow.Durable) {
      metrics.event(t, e.type(), Outcome.Status.DUPLICATE);
      outcomes.set(slot, Outcome.duplicateAt(index));
      return;
    }
    if (seen instanceof DedupWindow.Pending p) {
      metrics.event(t, e.type(), Outcome.Status.DUPLICATE);
      outcomes.setWhen(slot, p.number(), Outcome.duplicateAt(index));
      return;
    }
    if (!urgent && t != Transport.MQTT && writer.backlog() >= settings.maxBacklog()) {
      metrics.event(t, e.type(), Outcome.Status.BUSY);
      outcomes.set(slot, Outcome.busyAt(index));
      return;
    }
    IngestedEvent ingested = new IngestedEvent(e, device, t, s.receivedAt(), s.receivedNanos());
    handOff(ingested);
    long number = writer.write(ingested);
    window.pending(e.dev(), e.seq(), tsKey, number);
    outcomes.set(slot, Outcome.acceptedAt(index));
    outcomes.wrote(ingested, number);
  }

  private void handOff(IngestedEvent e) {
    try {
      handoff.accept(e);
    } catch (RuntimeException ex) {
      // Alerting's fault must not stop storage; it is logged loudly and counted by alerting.
      log.error("alerting hand-off failed for a {} event", e.event().type(), ex);
    }
    metrics.handoffLatency(e.transport(), System.nanoTime() - e.receivedNanos());
  }

  /**
   * Events now durable, under one hold of the lock.
   *
   * @param count whether these writes count the events as accepted (an early copy's does not: its
   *     full submission does)
   */
  private void onDurable(List<IngestedEvent> events, boolean count) {
    if (events.isEmpty()) {
      return;
    }
    synchronized (lock) {
      for (IngestedEvent e : events) {
        window.durable(e.event().dev(), e.event().seq(), DedupWindow.tsKey(e.event().ts()));
      }
    }
    long now = System.nanoTime();
    for (IngestedEvent e : events) {
      if (count) {
        metrics.event(e.transport(), e.event().type(), Outcome.Status.ACCEPTED);
      }
      metrics.durableLatency(e.transport(), now - e.receivedNanos());
    }
  }

  private Optional<TopicRules.Refusal> admit(Sender sender, Event e) {
    if (sender instanceof Sender.OnTopic on) {
      return TopicRules.check(on.topic(), e, registry);
    }
    if (registry.find(e.dev()).isEmpty()) {
      return Optional.of(unknown(e));
    }
    if (sender instanceof Sender.AuthenticatedDevice auth && !auth.device().id().equals(e.dev())) {
      return Optional.of(
          new TopicRules.Refusal(
              Reason.UNAUTHORIZED, "dev: \"" + e.dev() + "\" is not the authenticated device"));
    }
    return Optional.empty(); // authenticated as itself, or plain CoAP where configuration allows
  }

  private static TopicRules.Refusal unknown(Event e) {
    return new TopicRules.Refusal(
        Reason.UNKNOWN_DEVICE, "dev: \"" + e.dev() + "\" is not provisioned");
  }

  private Outcome reject(Transport t, Event e, int index, Reason reason, String detail) {
    metrics.rejected(t, reason);
    metrics.event(t, e == null ? null : e.type(), Outcome.Status.REJECTED);
    if (log.isDebugEnabled()) {
      log.debug("{} rejected {} #{}: {}", t.tag(), reason.wireName(), index, detail);
    }
    return Outcome.rejected(index, reason, detail);
  }
}
