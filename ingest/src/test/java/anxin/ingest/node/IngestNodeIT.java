package anxin.ingest.node;

import static anxin.ingest.jdbc.Databases.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.ingest.IngestedEvent;
import anxin.ingest.jdbc.Databases;
import anxin.protocol.sim.Pacer;
import anxin.protocol.sim.Plan;
import anxin.testing.MqttBroker;
import anxin.testing.Postgres;
import anxin.testing.TestServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The assembled ingest tier against the real database and broker. */
@ExtendWith(TestServices.class)
class IngestNodeIT {

  private static final String ROWS = "SELECT count(*) FROM event";
  private static final String DISTINCT = "SELECT count(DISTINCT (device_id, seq)) FROM event";

  private final IngestHarness harness = new IngestHarness();
  private final List<IngestedEvent> alerting = new CopyOnWriteArrayList<>();
  private IngestNode node;
  private MqttBroker broker;

  private IngestNode start(Postgres db, MqttBroker broker) throws Exception {
    this.broker = broker;
    node =
        IngestNode.start(
            harness.config(db, broker),
            alerting::add,
            new SimpleMeterRegistry(),
            Clock.systemUTC());
    await().atMost(Duration.ofSeconds(30)).until(() -> node.mqtt().isConnected());
    return node;
  }

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (broker != null) {
      harness.discardSession(broker);
    }
  }

  @Test
  void mqtt_tenThousandSimulatedEvents_landExactlyOnce(Postgres pg, MqttBroker broker)
      throws Exception {
    Postgres db = pg.freshDatabase();
    start(db, broker);
    Plan plan = IngestHarness.night(40, Duration.ofMinutes(5), LocalDate.of(2026, 11, 28));
    IngestHarness.provision(node.provisioning(), plan);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> node.registry().size() == plan.devices().size());

    int sent = IngestHarness.publish(broker, plan, Pacer.virtual());

    assertThat(sent).isGreaterThanOrEqualTo(10_000);
    await("every event committed")
        .atMost(Duration.ofMinutes(3))
        .until(() -> queryLong(db, ROWS) >= sent);
    assertThat(queryLong(db, ROWS)).isEqualTo(sent);
    assertThat(queryLong(db, DISTINCT)).isEqualTo(sent);
    assertThat(alerting).hasSize(sent);
    assertThat(Databases.queryStrings(db, "SELECT device_id || '/' || seq FROM event"))
        .as("the events stored are the ones alerting got, each once")
        .hasSize(sent)
        .isEqualTo(IngestHarness.keys(alerting));
    await().atMost(Duration.ofSeconds(10)).until(() -> node.mqtt().unacknowledged() == 0);
  }

  @Test
  void mqtt_databaseUnreachableFor30s_noLoss_alertingKeepsGettingEvents(
      Postgres pg, MqttBroker broker) throws Exception {
    Postgres db = pg.freshDatabase();
    start(db, broker);
    Plan whole = IngestHarness.night(20, Duration.ofMinutes(1), LocalDate.of(2026, 11, 28));
    Plan plan = whole.window(whole.start(), whole.start().plus(Duration.ofMinutes(30)));
    IngestHarness.provision(node.provisioning(), plan);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> node.registry().size() == plan.devices().size());

    // 30 simulated minutes in about 45 s of real time, so the outage falls mid-stream.
    CompletableFuture<Integer> publishing =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return IngestHarness.publish(
                    broker, plan, Pacer.scaled(Clock.systemUTC(), plan.start(), 40));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    await().atMost(Duration.ofSeconds(30)).until(() -> queryLong(db, ROWS) > 100);
    int handedOffAtCut;
    try (Connection admin = pg.connect()) {
      Databases.cutOff(admin, db);
      handedOffAtCut = alerting.size();
      long cutAt = System.nanoTime();
      await("30 s of outage")
          .atMost(Duration.ofSeconds(40))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> System.nanoTime() - cutAt >= Duration.ofSeconds(30).toNanos());
      int handedOffDuringOutage = alerting.size() - handedOffAtCut;
      assertThat(node.backlog()).as("writes wait for the database").isGreaterThan(0);
      if (!"embedded".equals(broker.origin())) {
        // Mosquitto keeps sending up to the receive maximum: alerting misses nothing.
        assertThat(handedOffDuringOutage)
            .as("events handed to alerting during the outage")
            .isGreaterThan(500);
      }
      Databases.reconnect(admin, db);
    }
    int sent = publishing.get();

    await("every event committed after the outage")
        .atMost(Duration.ofMinutes(3))
        .until(() -> queryLong(db, ROWS) >= sent);
    assertThat(queryLong(db, ROWS)).isEqualTo(sent);
    assertThat(queryLong(db, DISTINCT)).isEqualTo(sent);
    assertThat(alerting).hasSize(sent);
  }
}
