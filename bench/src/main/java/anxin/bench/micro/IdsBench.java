package anxin.bench.micro;

import anxin.protocol.Ids;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@link Ids#isDeviceId}'s character scan against the {@link Pattern} it replaced (the wire
 * contract's {@code [A-Za-z0-9][A-Za-z0-9_.-]{0,63}}), on a fleet device's id and on the longest
 * valid one. Not part of {@code jmh}'s default set (a one-off comparison kept for the record): run
 * it with {@code jmh --include 'anxin\.bench\.micro\..*'}; {@code -prof gc} is always on, so the
 * table shows the bytes each check allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IdsBench {

  private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  @Param({"h1-r12-door", "d123456789012345678901234567890123456789012345678901234567890123"})
  public String id;

  @Benchmark
  public boolean regex() {
    return DEVICE.matcher(id).matches();
  }

  @Benchmark
  public boolean scan() {
    return Ids.isDeviceId(id);
  }
}
