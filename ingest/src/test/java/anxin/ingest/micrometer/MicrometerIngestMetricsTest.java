package anxin.ingest.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.ingest.Outcome;
import anxin.ingest.Transport;
import anxin.protocol.EventType;
import anxin.protocol.Reason;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MicrometerIngestMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerIngestMetrics metrics = new MicrometerIngestMetrics(registry);

  @Test
  void rejected_countsByTransportAndReason() {
    metrics.rejected(Transport.COAP, Reason.RATE_LIMITED);
    metrics.rejected(Transport.COAP, Reason.RATE_LIMITED);

    assertThat(
            registry
                .get("anxin.ingest.rejections")
                .tag("transport", "coap")
                .tag("reason", "rate_limited")
                .counter()
                .count())
        .isEqualTo(2);
  }

  @Test
  void event_unreadableEnvelope_countedUnderUnreadableType() {
    metrics.event(Transport.MQTT, null, Outcome.Status.REJECTED);
    metrics.event(Transport.MQTT, EventType.FALL, Outcome.Status.ACCEPTED);

    assertThat(
            registry
                .get("anxin.ingest.events")
                .tags("transport", "mqtt", "type", "unreadable", "outcome", "rejected")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("anxin.ingest.events")
                .tags("transport", "mqtt", "type", "fall", "outcome", "accepted")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void meters_neverTaggedWithAnythingButEnumValues() {
    for (Meter m : registry.getMeters()) {
      m.getId()
          .getTags()
          .forEach(
              t -> assertThat(t.getKey()).isIn("transport", "type", "outcome", "reason", "stage"));
    }
  }
}
