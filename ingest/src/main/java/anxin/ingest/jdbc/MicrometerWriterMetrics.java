package anxin.ingest.jdbc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * {@link WriterMetrics} as Micrometer meters: {@code anxin.ingest.write.batch} (distribution
 * summary, events per committed batch), {@code anxin.ingest.write.latency} (timer, per committed
 * batch), {@code anxin.ingest.write.backlog} (gauge, events not yet committed) and {@code
 * anxin.ingest.write.retries} (counter, failed batch attempts).
 */
public final class MicrometerWriterMetrics implements WriterMetrics {

  private final MeterRegistry registry;
  private final DistributionSummary batch;
  private final Timer latency;
  private final Counter retries;

  /** Registers the meters (the backlog gauge when the writer starts) in {@code registry}. */
  public MicrometerWriterMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.batch =
        DistributionSummary.builder("anxin.ingest.write.batch")
            .description("Events per batch committed to the database, duplicates included")
            .baseUnit("events")
            .register(registry);
    this.latency =
        Timer.builder("anxin.ingest.write.latency")
            .description("Time to copy, insert and commit one batch of events")
            .register(registry);
    this.retries =
        Counter.builder("anxin.ingest.write.retries")
            .description("Batch writes that failed and were tried again")
            .baseUnit("attempts")
            .register(registry);
  }

  @Override
  public void committed(int events, long latencyNanos) {
    batch.record(events);
    latency.record(latencyNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void retried() {
    retries.increment();
  }

  @Override
  public void backlog(IntSupplier backlog) {
    Gauge.builder("anxin.ingest.write.backlog", backlog, IntSupplier::getAsInt)
        .description("Events accepted for writing and not yet committed")
        .baseUnit("events")
        .strongReference(true) // the supplier is often a lambda that nothing else holds
        .register(registry);
  }
}
