package anxin.bench.jmh;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs this package's benchmarks through the JMH {@link Runner}, always with the GC profiler, and
 * prints one table: score, error and bytes allocated per operation, plus the rule engine's own
 * allocation per event (see {@link RuleEngineBench}).
 */
public final class JmhRun {

  /**
   * @param include regular expression over benchmark names
   * @param forks JVM forks per benchmark
   * @param warmups warm-up iterations
   * @param measurements measured iterations
   * @param iterationSeconds length of each iteration
   * @param profilers extra JMH profilers by name, e.g. {@code stack}
   */
  public record Options(
      String include,
      int forks,
      int warmups,
      int measurements,
      int iterationSeconds,
      List<String> profilers) {}

  private JmhRun() {}

  public static Collection<RunResult> run(Options o) throws RunnerException {
    ChainedOptionsBuilder b =
        new OptionsBuilder()
            .include(o.include())
            .forks(o.forks())
            .warmupIterations(o.warmups())
            .warmupTime(TimeValue.seconds(o.iterationSeconds()))
            .measurementIterations(o.measurements())
            .measurementTime(TimeValue.seconds(o.iterationSeconds()))
            .addProfiler(GCProfiler.class);
    for (String p : o.profilers()) {
      b.addProfiler(p);
    }
    return new Runner(b.build()).run();
  }

  /** Prints the results table. */
  public static void print(Collection<RunResult> results, PrintStream out) {
    List<RunResult> sorted = new ArrayList<>(results);
    sorted.sort((a, c) -> a.getParams().getBenchmark().compareTo(c.getParams().getBenchmark()));
    out.printf(
        Locale.ROOT, "%-32s %16s %12s %-8s %14s%n", "benchmark", "score", "error", "unit", "B/op");
    Double engine = null;
    Double generator = null;
    for (RunResult r : sorted) {
      String name = shortName(r.getParams().getBenchmark());
      Result<?> primary = r.getPrimaryResult();
      double alloc = alloc(r);
      out.printf(
          Locale.ROOT,
          "%-32s %,16.0f %,12.0f %-8s %14.1f%n",
          name,
          primary.getScore(),
          primary.getScoreError(),
          primary.getScoreUnit(),
          alloc);
      if (name.equals("RuleEngineBench.onObservation")) {
        engine = alloc;
      } else if (name.equals("RuleEngineBench.generatorOnly")) {
        generator = alloc;
      }
    }
    if (engine != null && generator != null) {
      out.printf(
          Locale.ROOT,
          "rule engine's own allocation: %.1f B/event (onObservation %.1f - generatorOnly %.1f)%n",
          engine - generator,
          engine,
          generator);
    }
  }

  private static double alloc(RunResult r) {
    Map<String, Result> secondary = r.getSecondaryResults();
    Result<?> norm = secondary.get("gc.alloc.rate.norm");
    return norm == null ? Double.NaN : norm.getScore();
  }

  private static String shortName(String benchmark) {
    String[] parts = benchmark.split("\\.");
    return parts.length < 2 ? benchmark : parts[parts.length - 2] + "." + parts[parts.length - 1];
  }

  /** The envelope the codec benchmarks use, for the report. */
  public static String codecEnvelope() {
    return EventCodecBench.sizes();
  }
}
