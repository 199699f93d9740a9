package anxin.ingest.pipeline;

import anxin.ingest.Device;
import anxin.ingest.EventWriter;
import anxin.ingest.IngestedEvent;
import anxin.ingest.Receipt;
import anxin.ingest.Sender;
import anxin.ingest.Submission;
import anxin.ingest.Transport;
import anxin.ingest.registry.InMemoryDeviceRegistry;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.codec.EventCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The heap the ingest pipeline holds per event queued for a database that does not answer: what a
 * backlog costs every young collection while it waits (docs/benchmarks.md). Submits {@code n}
 * heartbeats in gateway-sized batches of 100 from 5,000 devices to the real {@link IngestPipeline}
 * over a writer that queues each write and never completes it, and prints the used heap after a
 * full collection, after minus before, per event (the payloads, the transport's to keep, are in
 * both). Not a JMH benchmark (it measures what is held, not how fast): {@code java -cp
 * bench/target/anxin-bench.jar anxin.ingest.pipeline.BacklogFootprint [n]}.
 */
public final class BacklogFootprint {

  private BacklogFootprint() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int devices = 5_000;
    InMemoryDeviceRegistry registry = new InMemoryDeviceRegistry();
    for (int d = 0; d < devices; d++) {
      registry.put(
          new Device("dev-" + d, "bench-home", "motion_sensor", "1", "r-1", Duration.ZERO));
    }
    List<IngestedEvent> queued = new ArrayList<>(n);
    List<Consumer<Throwable>> waiting = new ArrayList<>();
    EventWriter stalled =
        new EventWriter() {
          @Override
          public long write(IngestedEvent event) {
            queued.add(event);
            return queued.size();
          }

          @Override
          public void whenCommitted(long upTo, Consumer<Throwable> then) {
            waiting.add(then); // never committed: the database is stalled
          }

          @Override
          public int backlog() {
            return queued.size();
          }

          @Override
          public void close() {}
        };
    IngestPipeline pipeline =
        new IngestPipeline(
            registry,
            stalled,
            e -> {},
            IngestMetrics.NOOP,
            new IngestPipeline.Settings(1024, 1e9, 1_000_000, Integer.MAX_VALUE));
    EventCodec codec = new EventCodec();
    List<byte[]> batches = new ArrayList<>();
    long[] seqs = new long[devices];
    for (int sent = 0; sent < n; sent += 100) {
      List<Event> batch = new ArrayList<>(100);
      for (int k = 0; k < 100; k++) {
        int d = (sent + k) % devices;
        batch.add(
            new Event(
                "dev-" + d,
                seqs[d]++,
                EventType.HEARTBEAT,
                1_764_460_800_000L + sent + k,
                90,
                -60,
                Map.of()));
      }
      batches.add(codec.encodeJson(batch));
    }
    long before = DedupWindowBench.usedAfterGc();
    List<CompletableFuture<Receipt>> receipts = new ArrayList<>(batches.size());
    for (byte[] b : batches) {
      receipts.add(
          pipeline.submit(
              new Submission(
                  Transport.COAP,
                  new Sender.Unauthenticated(),
                  b,
                  Instant.now(),
                  System.nanoTime())));
    }
    long held =
        DedupWindowBench.usedAfterGc() - before; // the payloads are in both figures: not counted
    java.lang.ref.Reference.reachabilityFence(batches);
    System.out.printf(
        "%,d events queued (%,d writes pending, %,d receipts waiting): %,d bytes held, %.0f per"
            + " event%n",
        n,
        queued.size(),
        receipts.stream().filter(r -> !r.isDone()).count(),
        held,
        (double) held / n);
  }
}
