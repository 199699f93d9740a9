package anxin.ingest.pipeline;

import anxin.ingest.Device;
import anxin.ingest.EventWriter;
import anxin.ingest.IngestedEvent;
import anxin.ingest.Outcome;
import anxin.ingest.Receipt;
import anxin.ingest.registry.InMemoryDeviceRegistry;
import anxin.protocol.Reason;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The real {@link IngestPipeline} over an in-memory registry (three devices in two facilities, one
 * with an HTTP token) and a writer that makes every event durable at once: what the fuzz targets
 * drive, with no database and no broker.
 */
public final class InMemoryRig {

  public static final Device PB =
      new Device("pb-101", "sunrise-home", "panic_button", "101", "r-17", Duration.ofMinutes(5));
  public static final Device PIR =
      new Device("mot-bath-03", "sunrise-home", "motion_sensor", "101", "r-17", Duration.ZERO);
  public static final Device OTHER =
      new Device("pb-9", "other-home", "panic_button", "9", "r-9", Duration.ofMinutes(5));

  /** The token of {@link #PB}. */
  public static final String TOKEN = "tok_fuzz-0123456789abcdef";

  /** Every reason the pipeline may give an envelope (DESIGN §3 less {@code too_large}'s twin). */
  public static final Set<Reason> PIPELINE_REASONS = EnumSet.allOf(Reason.class);

  public final InMemoryDeviceRegistry registry =
      new InMemoryDeviceRegistry().put(PB).put(PIR).put(OTHER).token(PB.id(), TOKEN);
  public final AtomicLong handedOff = new AtomicLong();
  public final IngestPipeline pipeline =
      new IngestPipeline(
          registry,
          new DurableAtOnce(),
          e -> handedOff.incrementAndGet(),
          IngestMetrics.NOOP,
          IngestPipeline.Settings.DEFAULTS);

  /** Checks what every receipt promises: an outcome per envelope, a reason per rejection. */
  public static void checkReceipt(Receipt receipt) {
    if (receipt == null) {
      throw new AssertionError("null receipt");
    }
    for (Outcome o : receipt.outcomes()) {
      if (o.status() == Outcome.Status.REJECTED
          && (o.reason() == null || o.detail() == null || o.detail().isBlank())) {
        throw new AssertionError("rejection without a precise reason: " + o);
      }
    }
  }

  private static final class DurableAtOnce implements EventWriter {
    private final AtomicLong written = new AtomicLong();

    @Override
    public long write(IngestedEvent event) {
      return written.incrementAndGet();
    }

    @Override
    public void whenCommitted(long upTo, Consumer<Throwable> then) {
      then.accept(null);
    }

    @Override
    public int backlog() {
      return 0;
    }

    @Override
    public void close() {}
  }
}
