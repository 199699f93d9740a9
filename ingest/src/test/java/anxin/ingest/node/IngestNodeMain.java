package anxin.ingest.node;

import anxin.ingest.EventHandoff;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * An ingest node in its own process, for tests that kill it: {@code IngestNodeMain jdbcUrl user
 * password mqttUri clientId shareGroup}. Prints {@code READY} once subscribed.
 */
public final class IngestNodeMain {

  private IngestNodeMain() {}

  public static void main(String[] args) throws Exception {
    IngestNode.Config config =
        IngestHarness.config(args[0], args[1], args[2], args[3], args[4], args[5]);
    IngestNode node =
        IngestNode.start(config, EventHandoff.NONE, new SimpleMeterRegistry(), Clock.systemUTC());
    while (!node.mqtt().isConnected()) {
      Thread.onSpinWait();
    }
    System.out.println("READY");
    System.out.flush();
    new CountDownLatch(1).await(); // until killed
  }
}
