package anxin.ingest.node;

import static anxin.ingest.jdbc.Databases.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.ingest.jdbc.Database;
import anxin.ingest.jdbc.Databases;
import anxin.ingest.jdbc.JdbcProvisioning;
import anxin.ingest.jdbc.PskCipher;
import anxin.protocol.sim.Pacer;
import anxin.protocol.sim.Plan;
import anxin.testing.MqttBroker;
import anxin.testing.Postgres;
import anxin.testing.TestServices;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ingest process killed (SIGKILL, not stopped) mid-stream and restarted: no loss, no duplicate.
 */
@ExtendWith(TestServices.class)
class IngestKillIT {

  private static final String ROWS = "SELECT count(*) FROM event";
  private static final String DISTINCT = "SELECT count(DISTINCT (device_id, seq)) FROM event";

  private final IngestHarness harness = new IngestHarness();
  private final List<Process> processes = new ArrayList<>();
  private MqttBroker broker;

  private Process startNode(Postgres db, MqttBroker broker) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                IngestNodeMain.class.getName(),
                db.jdbcUrl(),
                db.user(),
                db.password(),
                broker.serverUri(),
                harness.clientId,
                harness.group)
            .redirectErrorStream(true)
            .start();
    processes.add(p);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Void> ready =
        CompletableFuture.runAsync(
            () -> {
              try {
                String line;
                while ((line = out.readLine()) != null) {
                  if (line.equals("READY")) {
                    break;
                  }
                }
              } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
              }
            });
    ready.get(60, TimeUnit.SECONDS);
    // keep draining its output so it never blocks on a full pipe
    CompletableFuture.runAsync(() -> out.lines().forEach(l -> {}));
    return p;
  }

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    if (broker != null) {
      harness.discardSession(broker);
    }
  }

  @Test
  void killedMidStreamAndRestarted_everyEventStoredExactlyOnce(Postgres pg, MqttBroker broker)
      throws Exception {
    this.broker = broker;
    Postgres db = pg.freshDatabase();
    Plan night = IngestHarness.night(40, Duration.ofMinutes(5), LocalDate.of(2026, 11, 28));
    Plan plan = night.window(night.start(), night.start().plus(Duration.ofHours(5))); // ~10,000
    try (Database d = Databases.open(db)) {
      IngestHarness.provision(
          new JdbcProvisioning(d.dataSource(), new PskCipher(IngestHarness.PSK_KEY)), plan);
    }
    Process first = startNode(db, broker);

    // 5 simulated hours in about 100 s (~100 events/s), so the kill falls mid-stream. The rate
    // matters: while no node is connected the broker queues for the session, and a stock
    // Mosquitto drops QoS 1 messages beyond max_queued_messages (1,000) for it (docs/ingest.md).
    CompletableFuture<Integer> publishing =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return IngestHarness.publish(
                    broker, plan, Pacer.scaled(Clock.systemUTC(), plan.start(), 180));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    await().atMost(Duration.ofSeconds(60)).until(() -> queryLong(db, ROWS) > 2_000);
    first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no disconnect
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long rowsAtKill = queryLong(db, ROWS);

    startNode(db, broker);
    int sent = publishing.get(180, TimeUnit.SECONDS);

    assertThat(sent).isGreaterThanOrEqualTo(9_000);
    assertThat(rowsAtKill).isLessThan(sent);
    await("every event committed after the restart, " + sent + " sent")
        .atMost(Duration.ofMinutes(3))
        .until(() -> queryLong(db, ROWS) >= sent);
    assertThat(queryLong(db, ROWS)).isEqualTo(sent);
    assertThat(queryLong(db, DISTINCT)).isEqualTo(sent);
  }
}
