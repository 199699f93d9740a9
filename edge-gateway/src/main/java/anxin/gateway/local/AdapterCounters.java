package anxin.gateway.local;

import anxin.gateway.AdapterMetrics;
import anxin.gateway.Source;
import anxin.protocol.Reason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** {@link AdapterMetrics} kept in memory: for the status log line and for tests. Thread-safe. */
public final class AdapterCounters implements AdapterMetrics {

  private final Map<Source, AtomicLong> accepted = new EnumMap<>(Source.class);
  private final Map<Source, AtomicLong> ignored = new EnumMap<>(Source.class);
  private final Map<Source, AtomicLong> errors = new EnumMap<>(Source.class);
  private final Map<Source, Map<Reason, AtomicLong>> rejected = new EnumMap<>(Source.class);

  public AdapterCounters() {
    for (Source s : Source.values()) {
      accepted.put(s, new AtomicLong());
      ignored.put(s, new AtomicLong());
      errors.put(s, new AtomicLong());
      Map<Reason, AtomicLong> byReason = new EnumMap<>(Reason.class);
      for (Reason r : Reason.values()) {
        byReason.put(r, new AtomicLong());
      }
      rejected.put(s, byReason);
    }
  }

  @Override
  public void accepted(Source source, int events) {
    accepted.get(source).addAndGet(events);
  }

  @Override
  public void rejected(Source source, Reason reason) {
    rejected.get(source).get(reason).incrementAndGet();
  }

  @Override
  public void ignored(Source source) {
    ignored.get(source).incrementAndGet();
  }

  @Override
  public void error(Source source) {
    errors.get(source).incrementAndGet();
  }

  public long acceptedCount(Source source) {
    return accepted.get(source).get();
  }

  public long rejectedCount(Source source, Reason reason) {
    return rejected.get(source).get(reason).get();
  }

  /** Rejections from {@code source} for any reason. */
  public long rejectedCount(Source source) {
    return rejected.get(source).values().stream().mapToLong(AtomicLong::get).sum();
  }

  public long ignoredCount(Source source) {
    return ignored.get(source).get();
  }

  public long errorCount(Source source) {
    return errors.get(source).get();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Source s : Source.values()) {
      b.append(s).append(": accepted=").append(acceptedCount(s));
      rejected
          .get(s)
          .forEach(
              (r, n) -> {
                if (n.get() > 0) {
                  b.append(' ').append(r).append('=').append(n.get());
                }
              });
      b.append(" ignored=")
          .append(ignoredCount(s))
          .append(" errors=")
          .append(errorCount(s))
          .append("; ");
    }
    return b.toString();
  }
}
