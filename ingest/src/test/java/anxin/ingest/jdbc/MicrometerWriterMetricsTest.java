package anxin.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MicrometerWriterMetricsTest {

  @Test
  void reports_asTheDocumentedMeters() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerWriterMetrics metrics = new MicrometerWriterMetrics(registry);
    AtomicInteger backlog = new AtomicInteger(7);

    metrics.backlog(backlog::get);
    metrics.committed(100, TimeUnit.MILLISECONDS.toNanos(12));
    metrics.committed(300, TimeUnit.MILLISECONDS.toNanos(8));
    metrics.retried();
    System.gc(); // the gauge must hold its supplier strongly

    assertThat(registry.get("anxin.ingest.write.batch").summary().count()).isEqualTo(2);
    assertThat(registry.get("anxin.ingest.write.batch").summary().totalAmount()).isEqualTo(400);
    assertThat(registry.get("anxin.ingest.write.latency").timer().totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(20);
    assertThat(registry.get("anxin.ingest.write.retries").counter().count()).isEqualTo(1);
    assertThat(registry.get("anxin.ingest.write.backlog").gauge().value()).isEqualTo(7);
  }
}
