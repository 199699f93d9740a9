package anxin.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The broker floor: the load generator's publishers (same client library, QoS 1, same windows and
 * topics) to one {@link RawSubscriber} with the ingest tier's receive maximum. Throughput is
 * publish-as-fast-as-the-windows-allow to the last message received; latency is publish to receive
 * at a fixed moderate rate.
 */
final class BrokerBench {

  /** Throughput of one run. */
  record Throughput(long messages, long published, long nanos, long failed, CpuMeter.Usage cpu) {
    double perSecond() {
      return messages * 1e9 / nanos;
    }
  }

  /** Latency at a fixed rate, in microseconds. */
  record Latency(double rate, long messages, long p50Micros, long p99Micros, long maxMicros) {}

  private final LoadGenerator generator;
  private final RawSubscriber subscriber;
  private final long maxOutstanding;

  BrokerBench(LoadGenerator generator, RawSubscriber subscriber, long maxOutstanding) {
    this.generator = generator;
    this.subscriber = subscriber;
    this.maxOutstanding = maxOutstanding;
  }

  Throughput throughput(long messages) throws InterruptedException {
    CpuMeter meter = new CpuMeter(generator);
    long before = subscriber.received();
    CpuMeter.Sample a = meter.sample();
    long start = System.nanoTime();
    LoadGenerator.Result r =
        generator.run(
            Double.POSITIVE_INFINITY, null, messages, subscriber::received, maxOutstanding);
    long expected = before + r.published();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    long seen = -1;
    long movedAt = System.nanoTime();
    while (subscriber.received() < expected && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
      long now = subscriber.received();
      if (now != seen) {
        seen = now;
        movedAt = System.nanoTime();
      } else if (System.nanoTime() - movedAt > Duration.ofSeconds(2).toNanos()) {
        break; // nothing for 2 s: the rest was dropped by the broker (the run is then invalid)
      }
    }
    CpuMeter.Sample b = meter.sample();
    long got = subscriber.received() - before;
    return new Throughput(
        got, r.published(), subscriber.lastNanos() - start, r.failed(), CpuMeter.between(a, b));
  }

  Latency latency(double rate, Duration duration) throws InterruptedException {
    subscriber.recordLatencies((int) (rate * duration.toSeconds() * 1.1) + 1000);
    LoadGenerator.Result r =
        generator.run(rate, duration, Long.MAX_VALUE, subscriber::received, maxOutstanding);
    LockSupport.parkNanos(Duration.ofMillis(500).toNanos()); // the last ones arrive
    long[] l = subscriber.latencies();
    if (l.length == 0) {
      throw new IllegalStateException("no latencies recorded, published " + r.published());
    }
    return new Latency(
        rate,
        l.length,
        l[(int) (l.length * 0.50)] / 1000,
        l[Math.min(l.length - 1, (int) (l.length * 0.99))] / 1000,
        l[l.length - 1] / 1000);
  }
}
