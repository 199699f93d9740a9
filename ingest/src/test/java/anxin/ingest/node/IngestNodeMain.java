package anxin.ingest.node;

import anxin.ingest.EventHandoff;
import anxin.ingest.jdbc.WriterConfig;
import anxin.ingest.paho.MqttIngestConfig;
import anxin.ingest.pipeline.IngestPipeline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * An ingest node in its own process, for tests that kill it: {@code IngestNodeMain jdbcUrl user
 * password mqttUri clientId shareGroup}. Prints {@code READY} once subscribed.
 */
public final class IngestNodeMain {

  private IngestNodeMain() {}

  public static void main(String[] args) throws Exception {
    MqttIngestConfig base = MqttIngestConfig.of(args[3], args[4]);
    MqttIngestConfig mqtt =
        new MqttIngestConfig(
            base.serverUris(),
            args[4],
            args[5],
            null,
            null,
            null,
            Duration.ofMinutes(10),
            base.receiveMaximum(),
            base.keepAlive(),
            Duration.ofMillis(200),
            Duration.ofSeconds(2));
    IngestNode.Config config =
        new IngestNode.Config(
            args[0],
            args[1],
            args[2],
            4,
            IngestHarness.PSK_KEY,
            mqtt,
            null,
            null,
            IngestPipeline.Settings.DEFAULTS,
            WriterConfig.defaults(),
            Duration.ofMinutes(5));
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
