package anxin.ingest.micrometer;

import anxin.ingest.Outcome;
import anxin.ingest.Transport;
import anxin.ingest.pipeline.IngestMetrics;
import anxin.protocol.EventType;
import anxin.protocol.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline's metrics in Micrometer: {@code anxin.ingest.events} {transport, type, outcome},
 * {@code anxin.ingest.rejections} {transport, reason}, {@code anxin.ingest.latency} {transport,
 * stage = handoff | durable}. Meters are created up front from the enums, so the hot path only
 * looks them up; no tag ever carries a device id.
 */
public final class MicrometerIngestMetrics implements IngestMetrics {

  private static final String UNREADABLE = "unreadable";

  private final Map<Transport, Map<String, Map<Outcome.Status, Counter>>> events =
      new EnumMap<>(Transport.class);
  private final Map<Transport, Map<Reason, Counter>> rejections = new EnumMap<>(Transport.class);
  private final Map<Transport, Timer> handoff = new EnumMap<>(Transport.class);
  private final Map<Transport, Timer> durable = new EnumMap<>(Transport.class);

  public MicrometerIngestMetrics(MeterRegistry registry) {
    for (Transport t : Transport.values()) {
      Map<String, Map<Outcome.Status, Counter>> byType = new java.util.HashMap<>();
      for (EventType type : EventType.values()) {
        byType.put(type.wireName(), counters(registry, t, type.wireName()));
      }
      byType.put(UNREADABLE, counters(registry, t, UNREADABLE));
      events.put(t, byType);
      Map<Reason, Counter> byReason = new EnumMap<>(Reason.class);
      for (Reason r : Reason.values()) {
        byReason.put(
            r,
            Counter.builder("anxin.ingest.rejections")
                .description("Envelopes or messages rejected, by reason")
                .tag("transport", t.tag())
                .tag("reason", r.wireName())
                .register(registry));
      }
      rejections.put(t, byReason);
      handoff.put(t, latency(registry, t, "handoff"));
      durable.put(t, latency(registry, t, "durable"));
    }
  }

  private static Map<Outcome.Status, Counter> counters(
      MeterRegistry registry, Transport t, String type) {
    Map<Outcome.Status, Counter> byStatus = new EnumMap<>(Outcome.Status.class);
    for (Outcome.Status s : Outcome.Status.values()) {
      byStatus.put(
          s,
          Counter.builder("anxin.ingest.events")
              .description("Events taken by the ingest tier, by transport, type and outcome")
              .tag("transport", t.tag())
              .tag("type", type)
              .tag("outcome", s.name().toLowerCase(java.util.Locale.ROOT))
              .register(registry));
    }
    return byStatus;
  }

  private static Timer latency(MeterRegistry registry, Transport t, String stage) {
    return Timer.builder("anxin.ingest.latency")
        .description("From receipt to hand-off to alerting, or to durable in the database")
        .tag("transport", t.tag())
        .tag("stage", stage)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  @Override
  public void event(Transport transport, EventType type, Outcome.Status status) {
    events.get(transport).get(type == null ? UNREADABLE : type.wireName()).get(status).increment();
  }

  @Override
  public void rejected(Transport transport, Reason reason) {
    rejections.get(transport).get(reason).increment();
  }

  @Override
  public void handoffLatency(Transport transport, long nanos) {
    handoff.get(transport).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void durableLatency(Transport transport, long nanos) {
    durable.get(transport).record(nanos, TimeUnit.NANOSECONDS);
  }
}
