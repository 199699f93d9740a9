package anxin.bench.jmh;

import anxin.alerting.Observation;
import anxin.alerting.rule.RuleEngine;
import anxin.bench.alerting.CareHomeMix;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link RuleEngine} on one thread (one core) fed the {@link CareHomeMix}: events per second, and
 * with {@code -prof gc} bytes allocated per event.
 *
 * <p>Every device's {@code seq} must keep rising (a repeated one is a duplicate the engine skips at
 * once), so observations cannot be replayed from a ring: each invocation takes a fresh batch of
 * {@value #BATCH}, built in an untimed {@code Level.Invocation} setup together with the ticks the
 * platform would make every 250 ms of the mix's clock. The setup runs on the benchmark thread, so
 * its allocation counts in {@code gc.alloc.rate.norm}; {@link #generatorOnly} has the same setup
 * and an empty body, and the engine's own allocation per event is the difference of the two.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RuleEngineBench {

  /** Events per invocation: about 1-4 ms of work, so the invocation-level setup costs nothing. */
  static final int BATCH = 4096;

  private static final long TICK_MILLIS = 250;

  private CareHomeMix mix;
  private RuleEngine engine;
  private final Observation[] batch = new Observation[BATCH];
  private final Instant[] ticksBefore = new Instant[BATCH];
  private long nextTick;

  @Setup(Level.Trial)
  public void start() {
    mix = CareHomeMix.standard(42);
    engine = RuleEngine.withRules(mix.rules());
    nextTick = mix.nowMillis() + TICK_MILLIS;
  }

  @Setup(Level.Invocation)
  public void nextBatch() {
    for (int i = 0; i < BATCH; i++) {
      Observation o = mix.next();
      Instant tick = null;
      if (o.receivedAt().toEpochMilli() >= nextTick) {
        tick = Instant.ofEpochMilli(nextTick);
        nextTick += TICK_MILLIS * ((o.receivedAt().toEpochMilli() - nextTick) / TICK_MILLIS + 1);
      }
      batch[i] = o;
      ticksBefore[i] = tick;
    }
  }

  /** One batch through the engine: each event at its receipt time, ticks in between. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void onObservation(Blackhole bh) {
    for (int i = 0; i < BATCH; i++) {
      Instant tick = ticksBefore[i];
      if (tick != null) {
        bh.consume(engine.tick(tick));
      }
      Observation o = batch[i];
      bh.consume(engine.onObservation(o, o.receivedAt()));
    }
  }

  /** The same setup, no engine: the baseline for allocation per event (its score means nothing). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void generatorOnly(Blackhole bh) {
    bh.consume(batch);
    bh.consume(ticksBefore);
  }
}
