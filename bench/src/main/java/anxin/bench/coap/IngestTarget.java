package anxin.bench.coap;

import anxin.bench.Fleet;
import anxin.bench.ScratchDatabase;
import anxin.ingest.coap.CoapIngestConfig;
import anxin.ingest.jdbc.WriterConfig;
import anxin.ingest.node.IngestNode;
import anxin.ingest.pipeline.IngestPipeline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The system under test: a real {@link IngestNode} with only its CoAP endpoint, plain CoAP on
 * loopback ({@code allow-plain}), default pipeline and writer settings, writing into a scratch
 * database in which the fleet is provisioned. Accepted events are handed to a counter instead of
 * the alerting core.
 */
final class IngestTarget implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private final ScratchDatabase db;
  private final IngestNode node;
  private final AtomicLong handedOff = new AtomicLong();

  IngestTarget(ScratchDatabase db, Fleet fleet) throws Exception {
    this.db = db;
    CoapIngestConfig coap =
        new CoapIngestConfig(
            InetAddress.getLoopbackAddress(),
            0,
            CoapIngestConfig.DISABLED,
            true,
            Duration.ofMillis(
                Long.parseLong(CoapIngestConfig.Key.RESPONSE_TIMEOUT.defaultValue())));
    IngestNode.Config config =
        new IngestNode.Config(
            db.url(),
            db.user(),
            "",
            4,
            new byte[32],
            null, // no MQTT
            coap,
            null, // no HTTP
            IngestPipeline.Settings.DEFAULTS,
            WriterConfig.defaults(),
            Duration.ofMinutes(5));
    node =
        IngestNode.start(
            config, e -> handedOff.incrementAndGet(), new SimpleMeterRegistry(), Clock.systemUTC());
    try {
      fleet.provision(node, db);
      long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
      while (node.registry().size() < fleet.size() && System.nanoTime() < deadline) {
        LockSupport.parkNanos(20_000_000);
      }
      if (node.registry().size() < fleet.size()) {
        throw new IllegalStateException(
            "ingest not ready: " + node.registry().size() + " of " + fleet.size() + " devices");
      }
    } catch (Exception | Error e) {
      node.close();
      throw e;
    }
  }

  /** The plain CoAP endpoint's bound address. */
  InetSocketAddress address() {
    return node.coap().plainAddress().orElseThrow();
  }

  /** Events handed to alerting so far (each accepted event once). */
  long handedOff() {
    return handedOff.get();
  }

  /** Waits until the writer has nothing queued, at most {@code timeout}. */
  void drain(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (node.backlog() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(5_000_000);
    }
  }

  /** {@code count(*)} and {@code count(DISTINCT (device_id, seq))} of {@code event}. */
  long[] countRows() throws Exception {
    try (Connection c = db.connect()) {
      return new long[] {
        ScratchDatabase.queryLong(c, "SELECT count(*) FROM event"),
        ScratchDatabase.queryLong(c, "SELECT count(DISTINCT (device_id, seq)) FROM event")
      };
    }
  }

  @Override
  public void close() {
    node.close();
  }
}
