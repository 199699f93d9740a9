package anxin.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.gateway.journal.JournalConfig;
import anxin.gateway.journal.SegmentedJournal;
import anxin.protocol.Event;
import anxin.protocol.topic.Topics;
import anxin.testing.MqttBroker;
import anxin.testing.MqttRecorder;
import anxin.testing.TestServices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 6 item 6: "uplink broker stopped for 60 s while 5,000 events arrive: all delivered
 * afterwards, panic and fall before the rest, per-device order kept". The broker is shared, so the
 * proxy in front of it plays the stopped broker: every connection cut, new ones refused.
 */
@ExtendWith(TestServices.class)
class UplinkOutageIT {

  private static final Logger log = LoggerFactory.getLogger(UplinkOutageIT.class);
  private static final Duration OUTAGE = Duration.ofSeconds(60);
  private static final int EVENTS = 5_000;
  private static final int CHUNKS = 60; // one arrival burst a second

  @TempDir Path dir;

  @Test
  void brokerUnreachable60s_while5000EventsArrive_allDeliveredAfter_alarmsFirst_perDeviceOrder(
      MqttBroker broker) throws Exception {
    List<Event> events = Traffic.night(EVENTS);
    assertThat(events.stream().filter(e -> e.type().isAlarm())).hasSizeGreaterThanOrEqualTo(3);
    String facility = Traffic.facility();
    String clientId = "it-outage-" + UUID.randomUUID();

    try (SegmentedJournal journal = SegmentedJournal.open(dir, JournalConfig.DEFAULT);
        TcpProxy proxy = new TcpProxy(broker.host(), broker.port());
        MqttRecorder batches = MqttRecorder.subscribe(broker, Topics.batch(facility))) {
      UplinkConfig config =
          UplinkConfig.builder(proxy.uri(), facility, "gw-1")
              .clientId(clientId)
              .backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
              .build();
      try (Uplink uplink = Uplink.start(config, journal)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> uplink.state() == Uplink.State.ONLINE);

        proxy.cut();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> uplink.state() == Uplink.State.CONNECTING);
        long start = System.nanoTime();
        for (int i = 0; i < CHUNKS; i++) {
          long due = start + OUTAGE.toNanos() * i / CHUNKS;
          await()
              .atMost(Duration.ofSeconds(5))
              .pollInterval(Duration.ofMillis(20))
              .until(() -> System.nanoTime() - due >= 0);
          journal.appendAll(events.subList(EVENTS * i / CHUNKS, EVENTS * (i + 1) / CHUNKS));
          uplink.wake();
        }
        await()
            .atMost(OUTAGE.plusSeconds(5))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> System.nanoTime() - start >= OUTAGE.toNanos());
        assertThat(batches.count()).as("nothing leaves while the broker is unreachable").isZero();
        assertThat(journal.size()).isEqualTo(EVENTS);

        proxy.restore();
        long restored = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).until(() -> journal.size() == 0);
        long flushedMs = (System.nanoTime() - restored) / 1_000_000;
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> Traffic.keys(Traffic.decoded(batches)).size() >= EVENTS);

        List<Event> received = Traffic.decoded(batches);
        Traffic.assertDelivered(events, received);
        int dups = Traffic.duplicates(received);
        log.info(
            "outage: {} events in {} batches, {} duplicates, journal empty {} ms after restore, {}",
            received.size(),
            batches.count(),
            dups,
            flushedMs,
            uplink.stats());
        assertThat(dups)
            .as("resends")
            .isLessThanOrEqualTo(config.window() * config.maxBatchEvents());
      } finally {
        Traffic.cleanUp(
            broker,
            UplinkConfig.builder(broker.serverUri(), facility, "gw-1").clientId(clientId).build());
      }
    }
  }
}
