package anxin.platform.micrometer;

import anxin.alerting.Severity;
import anxin.alerting.core.AlertingMetrics;
import anxin.alerting.notify.Channel;
import anxin.alerting.outbox.OutboxMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Alerting's and the outbox's metrics in Micrometer (Prometheus names in brackets):
 *
 * <ul>
 *   <li>{@code anxin.alert.page.latency} {severity} [{@code anxin_alert_page_latency_seconds}]:
 *       from an event's receipt to its pages being handed on, a histogram from 0.1 ms to 10 s;
 *   <li>{@code anxin.alert.write} {paging} [{@code anxin_alert_write_seconds}]: one transaction of
 *       the alerts' history, checkout to commit; {@code paging=true} when it carried pages due now,
 *       which leave once it commits;
 *   <li>{@code anxin.outbox.delivery} {channel} [{@code anxin_outbox_delivery_seconds}]: from a
 *       notification's due time to its delivery, retries included, 1 ms to 1 h;
 *   <li>{@code anxin.outbox.failures} {channel, retryable} [{@code anxin_outbox_failures_total}]:
 *       failed send attempts;
 *   <li>{@code anxin.outbox.pending} [{@code anxin_outbox_pending}]: rows waiting to be sent, as
 *       last counted ({@link #outboxPending}).
 * </ul>
 *
 * Every meter is registered up front from the enums, so the series exist (at zero) before the first
 * page and the hot path only looks them up. Tags never carry an alert, a recipient or an address.
 */
public final class MicrometerAlertingMetrics implements AlertingMetrics, OutboxMetrics {

  /** Bucket boundaries besides the histogram's own: the 1 ms target and round figures. */
  private static final Duration[] PAGE_SLOS = {
    Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1)
  };

  private static final Duration[] DELIVERY_SLOS = {
    Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(5)
  };

  private final Map<Severity, Timer> pageLatency = new EnumMap<>(Severity.class);
  private final Map<Channel, Timer> delivery = new EnumMap<>(Channel.class);
  private final Timer writePaging;
  private final Timer writeOther;
  private final Map<Channel, Counter> failedRetryable = new EnumMap<>(Channel.class);
  private final Map<Channel, Counter> failedFinal = new EnumMap<>(Channel.class);
  private final AtomicLong pending = new AtomicLong();

  public MicrometerAlertingMetrics(MeterRegistry registry) {
    for (Severity s : Severity.values()) {
      pageLatency.put(
          s,
          Timer.builder("anxin.alert.page.latency")
              .description("From an event's receipt to its pages being handed to the outbox")
              .tag("severity", s.name())
              .publishPercentileHistogram()
              .minimumExpectedValue(Duration.ofNanos(100_000))
              .maximumExpectedValue(Duration.ofSeconds(10))
              .serviceLevelObjectives(PAGE_SLOS)
              .register(registry));
    }
    writePaging = alertWrite(registry, true);
    writeOther = alertWrite(registry, false);
    for (Channel c : Channel.values()) {
      String channel = c.name().toLowerCase(Locale.ROOT);
      delivery.put(
          c,
          Timer.builder("anxin.outbox.delivery")
              .description("From a notification's due time to its delivery, retries included")
              .tag("channel", channel)
              .publishPercentileHistogram()
              .minimumExpectedValue(Duration.ofMillis(1))
              .maximumExpectedValue(Duration.ofHours(1))
              .serviceLevelObjectives(DELIVERY_SLOS)
              .register(registry));
      failedRetryable.put(c, failures(registry, channel, true));
      failedFinal.put(c, failures(registry, channel, false));
    }
    Gauge.builder("anxin.outbox.pending", pending, AtomicLong::get)
        .description("Notifications waiting in the outbox (state pending), as last counted")
        .register(registry);
  }

  private static Timer alertWrite(MeterRegistry registry, boolean paging) {
    return Timer.builder("anxin.alert.write")
        .description("One transaction of the alerts' history, connection checkout to commit")
        .tag("paging", Boolean.toString(paging))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  private static Counter failures(MeterRegistry registry, String channel, boolean retryable) {
    return Counter.builder("anxin.outbox.failures")
        .description("Failed send attempts, by channel and whether the failure was temporary")
        .tag("channel", channel)
        .tag("retryable", Boolean.toString(retryable))
        .register(registry);
  }

  @Override
  public void pageLatency(Severity severity, long nanos) {
    pageLatency.get(severity).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void alertWrite(long nanos, boolean paging) {
    (paging ? writePaging : writeOther).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void delivered(Channel channel, long nanosSinceDue) {
    delivery.get(channel).record(nanosSinceDue, TimeUnit.NANOSECONDS);
  }

  @Override
  public void failed(Channel channel, boolean retryable) {
    (retryable ? failedRetryable : failedFinal).get(channel).increment();
  }

  /** The outbox's pending rows, as just counted. */
  public void outboxPending(long rows) {
    pending.set(rows);
  }
}
