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
import anxin.protocol.Reason;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.topic.TopicRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest pipeline: decode on the caller's thread, then under one short lock admit each event
 * (registry, topic rules, credentials), rate-limit it (never a {@code panic} or {@code fall}),
 * deduplicate it against the in-memory window, hand it to alerting at once, and queue its write.
 * The receipt completes when every accepted event is durable.
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
    List<CompletableFuture<Outcome>> outcomes = new ArrayList<>(decoded.items().size());
    synchronized (lock) {
      for (Decoded item : decoded.items()) {
        outcomes.add(take(s, item));
      }
    }
    return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
        .thenApply(v -> new Receipt(outcomes.stream().map(CompletableFuture::join).toList()));
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
            && a.event().type().isAlarm()
            && takeEarly(s, a.event())) {
          taken++;
        }
      }
    }
    return taken;
  }

  /** Hands off and writes a new, admitted alarm; refusals are left to the full submission. */
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
    CompletableFuture<Void> durable = writer.write(ingested);
    window.pending(e.dev(), e.seq(), tsKey, durable);
    early.put(new EarlyKey(e.dev(), e.seq(), tsKey), Boolean.TRUE);
    durable.thenRun(() -> onDurable(ingested, tsKey, false));
    return true;
  }

  private CompletableFuture<Outcome> take(Submission s, Decoded item) {
    Transport t = s.transport();
    if (item instanceof Decoded.Rejected r) {
      return done(reject(t, null, r.index(), r.reason(), r.detail()));
    }
    Decoded.Accepted a = (Decoded.Accepted) item;
    Event e = a.event();
    int index = a.index();
    Optional<TopicRules.Refusal> refusal = admit(s.sender(), e);
    if (refusal.isPresent()) {
      return done(reject(t, e, index, refusal.get().reason(), refusal.get().detail()));
    }
    Device device = registry.find(e.dev()).orElseThrow(); // admit() checked it exists
    boolean alarm = e.type().isAlarm();
    long ts = e.ts() == null ? RateLimiter.NO_TS : e.ts();
    if (!alarm && !limiter.tryAcquire(e.dev(), s.receivedNanos(), ts)) {
      return done(reject(t, e, index, Reason.RATE_LIMITED, "dev: over its rate limit"));
    }
    long tsKey = DedupWindow.tsKey(e.ts());
    DedupWindow.Seen seen = window.check(e.dev(), e.seq(), tsKey);
    if (alarm && !early.isEmpty() && early.remove(new EarlyKey(e.dev(), e.seq(), tsKey)) != null) {
      // The full copy of an alarm taken early: already handed off and written (or being written);
      // this is the copy that counts. A window that forgot the key only forgets durable ones.
      CompletableFuture<Void> durable =
          seen instanceof DedupWindow.Pending p
              ? p.durable()
              : CompletableFuture.completedFuture(null);
      return durable.thenApply(
          v -> {
            metrics.event(t, e.type(), Outcome.Status.ACCEPTED);
            return Outcome.acceptedAt(index);
          });
    }
    if (seen instanceof DedupWindow.Durable) {
      metrics.event(t, e.type(), Outcome.Status.DUPLICATE);
      return done(Outcome.duplicateAt(index));
    }
    if (seen instanceof DedupWindow.Pending p) {
      metrics.event(t, e.type(), Outcome.Status.DUPLICATE);
      return p.durable().thenApply(v -> Outcome.duplicateAt(index));
    }
    if (!alarm && t != Transport.MQTT && writer.backlog() >= settings.maxBacklog()) {
      metrics.event(t, e.type(), Outcome.Status.BUSY);
      return done(Outcome.busyAt(index));
    }
    IngestedEvent ingested = new IngestedEvent(e, device, t, s.receivedAt(), s.receivedNanos());
    handOff(ingested);
    CompletableFuture<Void> durable = writer.write(ingested);
    window.pending(e.dev(), e.seq(), tsKey, durable);
    durable.thenRun(() -> onDurable(ingested, tsKey, true));
    return durable.thenApply(v -> Outcome.acceptedAt(index));
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
   * @param count whether this write counts the event as accepted (an early copy's does not: its
   *     full submission does)
   */
  private void onDurable(IngestedEvent e, long tsKey, boolean count) {
    synchronized (lock) {
      window.durable(e.event().dev(), e.event().seq(), tsKey);
    }
    if (count) {
      metrics.event(e.transport(), e.event().type(), Outcome.Status.ACCEPTED);
    }
    metrics.durableLatency(e.transport(), System.nanoTime() - e.receivedNanos());
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

  private static CompletableFuture<Outcome> done(Outcome o) {
    return CompletableFuture.completedFuture(o);
  }
}
