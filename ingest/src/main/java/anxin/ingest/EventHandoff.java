package anxin.ingest;

/**
 * Where accepted events go at once, before their database write completes: the alerting core.
 * Called in per-device arrival order, from one thread at a time; implementations must not block.
 */
@FunctionalInterface
public interface EventHandoff {

  /** Takes one first-seen event. */
  void accept(IngestedEvent event);

  /** Discards everything (ingest without alerting, e.g. in storage tests). */
  EventHandoff NONE = e -> {};
}
