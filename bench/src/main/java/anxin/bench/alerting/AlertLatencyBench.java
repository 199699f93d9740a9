package anxin.bench.alerting;

import anxin.alerting.Observation;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * In-process alert latency: from an event reaching the alerting core to its pages being handed to
 * their channels ({@link AlertPath}), under the {@link CareHomeMix} (1 % falls and panics).
 *
 * <p>Open loop, so that a stall is not hidden (coordinated omission): event {@code i} is due at
 * {@code start + i / rate} on the wall clock; the loop waits (spinning) until it is due, then
 * processes it, and its latency is from when it was due to when its last page was handed on. An
 * event that waited behind a slow one, a GC pause or a tick counts that wait. The platform's 250 ms
 * tick (timer rules, escalation, staff answering) runs on the same thread whenever the mix's clock
 * crosses a tick, before the event that crossed it. Warm-up events are processed and not recorded.
 */
public final class AlertLatencyBench {

  /**
   * @param rate events per second, wall clock
   * @param warmup time processed before recording
   * @param measure time recorded
   * @param seed seeds the mix
   * @param realConsole console pages to a real {@code ConsolePublisher} (true) or a counting sender
   */
  public record Options(
      double rate, Duration warmup, Duration measure, long seed, boolean realConsole) {}

  /**
   * Latencies in ns: of events that paged someone (from due, and service time alone), of every
   * event, and the stalls the waiting loop saw (gaps of {@value #STALL_MICROS} us or more between
   * two reads of the clock: GC pauses, safepoints, the thread descheduled), which no alerting code
   * caused. Stalls are a lower bound: a loop behind schedule does not wait, so sees none.
   */
  public record Result(
      Histogram paged,
      Histogram all,
      Histogram pagedService,
      Histogram stalls,
      long events,
      long pages,
      long alerts) {}

  static final long STALL_MICROS = 50;

  private static final long TICK_MILLIS = 250;
  private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final Options options;

  public AlertLatencyBench(Options options) {
    this.options = options;
  }

  /** Runs warm-up then measurement and returns the measurement's histograms. */
  public Result run() {
    CareHomeMix mix = CareHomeMix.standard(options.seed());
    Histogram paged = new Histogram(MAX_NANOS, 3);
    Histogram all = new Histogram(MAX_NANOS, 3);
    Histogram pagedService = new Histogram(MAX_NANOS, 3);
    Histogram stalls = new Histogram(MAX_NANOS, 3);
    long stallNanos = TimeUnit.MICROSECONDS.toNanos(STALL_MICROS);
    try (AlertPath path = new AlertPath(mix, options.realConsole())) {
      double intervalNanos = 1e9 / options.rate();
      long warmupEvents = (long) (options.rate() * options.warmup().toNanos() / 1e9);
      long measuredEvents = (long) (options.rate() * options.measure().toNanos() / 1e9);
      long nextTick = mix.nowMillis() + TICK_MILLIS;
      long pagesBefore = 0;
      long alertsBefore = 0;
      long start = System.nanoTime();
      for (long i = 0; i < warmupEvents + measuredEvents; i++) {
        if (i == warmupEvents) {
          pagesBefore = path.pages();
          alertsBefore = path.alerts();
        }
        Observation o = mix.next();
        long due = start + (long) (i * intervalNanos);
        long before = System.nanoTime();
        while (before < due) {
          Thread.onSpinWait();
          long t = System.nanoTime();
          if (t - before >= stallNanos && i >= warmupEvents) {
            stalls.recordValue(Math.min(t - before, MAX_NANOS));
          }
          before = t;
        }
        long began = System.nanoTime();
        long receivedAt = o.receivedAt().toEpochMilli();
        if (receivedAt >= nextTick) {
          path.tick(Instant.ofEpochMilli(nextTick));
          nextTick += TICK_MILLIS * ((receivedAt - nextTick) / TICK_MILLIS + 1);
        }
        int pages = path.onObservation(o, o.receivedAt());
        long done = System.nanoTime();
        if (i >= warmupEvents) {
          all.recordValue(Math.min(done - due, MAX_NANOS));
          if (pages > 0) {
            paged.recordValue(Math.min(done - due, MAX_NANOS));
            pagedService.recordValue(Math.min(done - began, MAX_NANOS));
          }
        }
      }
      return new Result(
          paged,
          all,
          pagedService,
          stalls,
          measuredEvents,
          path.pages() - pagesBefore,
          path.alerts() - alertsBefore);
    }
  }

  /** Prints the result as a table of percentiles in microseconds. */
  public static void print(Options o, Result r, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "alert latency, open loop at %,.0f events/s for %d s after %d s warm-up, console %s:"
            + " %,d events, %,d alerts opened, %,d pages handed on%n",
        o.rate(),
        o.measure().toSeconds(),
        o.warmup().toSeconds(),
        o.realConsole() ? "ConsolePublisher" : "counting sender",
        r.events(),
        r.alerts(),
        r.pages());
    out.printf(
        Locale.ROOT,
        "%-34s %9s %9s %9s %9s %9s %9s%n",
        "(microseconds)",
        "count",
        "p50",
        "p99",
        "p99.9",
        "max",
        "mean");
    row(out, "events that paged (due -> handed)", r.paged());
    row(out, "  same, service time only", r.pagedService());
    row(out, "every event (due -> done)", r.all());
    row(out, "stalls seen while waiting", r.stalls());
    out.printf(
        Locale.ROOT,
        "stalls of %d us or more while waiting: %d, %.1f ms in all (GC, safepoints, descheduling)%n",
        STALL_MICROS,
        r.stalls().getTotalCount(),
        r.stalls().getMean() * r.stalls().getTotalCount() / 1e6);
  }

  private static void row(PrintStream out, String name, Histogram h) {
    out.printf(
        Locale.ROOT,
        "%-34s %9d %9.1f %9.1f %9.1f %9.1f %9.1f%n",
        name,
        h.getTotalCount(),
        h.getValueAtPercentile(50) / 1e3,
        h.getValueAtPercentile(99) / 1e3,
        h.getValueAtPercentile(99.9) / 1e3,
        h.getMaxValue() / 1e3,
        h.getMean() / 1e3);
  }
}
