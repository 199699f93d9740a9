package anxin.testing;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fuzz targets of one module behind one {@code @FuzzTest}: Jazzer fuzzes a single fuzz test per
 * JVM, and each JVM costs seconds of start-up, so a module's targets share one. The first byte of
 * an input picks the target; coverage feedback keeps inputs for each target apart by itself. Counts
 * the inputs each target ran, and prints them when asked (a long run's record).
 *
 * <p>The system property {@code anxin.fuzz.target} (a target's name, any case) restricts a run to
 * that target: inputs for the others return at once.
 */
public final class FuzzTargets<T extends Enum<T>> {

  private final Class<T> type;
  private final T[] values;
  private final T only;
  private final Map<T, AtomicLong> counts;

  public FuzzTargets(Class<T> type) {
    this.type = type;
    this.values = type.getEnumConstants();
    this.counts = new EnumMap<>(type);
    for (T t : values) {
      counts.put(t, new AtomicLong());
    }
    String name = System.getProperty("anxin.fuzz.target");
    this.only =
        name == null || name.isBlank()
            ? null
            : Enum.valueOf(type, name.strip().toUpperCase(Locale.ROOT));
  }

  /** The target an input is for, or null when this run is restricted to another one. */
  public T select(FuzzInput in) {
    T t = values[in.pick(values.length)];
    if (only != null && t != only) {
      return null;
    }
    counts.get(t).incrementAndGet();
    return t;
  }

  /** The selector byte that makes {@link #select} pick {@code target}, for seeds. */
  public static int selector(Enum<?> target) {
    return target.ordinal();
  }

  /** One line per target: {@code fuzz inputs <Type>.<TARGET>: <count>}. */
  public String report() {
    StringBuilder sb = new StringBuilder();
    for (T t : values) {
      sb.append("fuzz inputs ")
          .append(type.getSimpleName())
          .append('.')
          .append(t.name())
          .append(": ")
          .append(counts.get(t).get())
          .append('\n');
    }
    return sb.toString();
  }
}
