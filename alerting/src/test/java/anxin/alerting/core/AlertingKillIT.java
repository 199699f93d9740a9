package anxin.alerting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.alerting.notify.RecordingHttpServer;
import anxin.alerting.outbox.JdbcOutbox;
import anxin.ingest.jdbc.Database;
import anxin.testing.Postgres;
import anxin.testing.TestServices;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The alerting process killed (SIGKILL) in the middle of an escalation and started again: the
 * escalation continues where it was, every page is sent once, and the timeline shows each step once
 * (issue 4 item 6).
 */
@ExtendWith(TestServices.class)
class AlertingKillIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void killedBetweenEscalationSteps_restartedProcessContinuesWithNothingLostOrSentTwice(
      Postgres server) throws Exception {
    Postgres db = server.freshDatabase();
    try (Database database = Database.open(db.jdbcUrl(), db.user(), db.password(), 2);
        RecordingHttpServer recorder = new RecordingHttpServer()) {
      JdbcOutbox.migrate(database.dataSource());
      CoreRig.provision(database.dataSource(), "dev-1");
      Sql sql = new Sql(database);

      Process first = start(db, recorder, true);
      await().atMost(WAIT).until(() -> sql.count("SELECT count(*) FROM alert") == 1);
      String id = sql.strings("SELECT id FROM alert").get(0);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  sql.count("SELECT count(*) FROM notification_outbox") > 0
                      && sql.count(
                              "SELECT count(*) FROM notification_outbox WHERE state <> 'delivered'")
                          == 0);
      first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      long stepAtKill = sql.count("SELECT escalation_step FROM alert");
      int sentAtKill = recorder.requests().size();

      start(db, recorder, false);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  sql.count(
                          "SELECT count(*) FROM notification_outbox WHERE dedup_key LIKE '"
                              + id
                              + "/3/%' AND state = 'delivered'")
                      > 0);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  sql.count("SELECT count(*) FROM notification_outbox WHERE state <> 'delivered'")
                      == 0);

      assertThat(stepAtKill).as("killed before the last step").isLessThan(3);
      assertThat(recorder.requests().size())
          .as("pages after the restart")
          .isGreaterThan(sentAtKill);
      List<String> keys =
          recorder.requests().stream().map(RecordingHttpServer.Request::body).toList();
      assertThat(keys).as("no page sent twice").doesNotHaveDuplicates();
      assertThat(new HashSet<>(keys))
          .as("every page in the outbox was sent")
          .containsExactlyInAnyOrderElementsOf(
              sql.strings("SELECT dedup_key FROM notification_outbox"));
      List<String> kinds =
          sql.strings("SELECT kind FROM alert_timeline WHERE alert_id = '" + id + "' ORDER BY n");
      assertThat(kinds.stream().filter(k -> k.equals("escalated")).count())
          .as("each step once: %s", kinds)
          .isEqualTo(3);
      assertThat(kinds.stream().filter(k -> k.equals("notification")).count())
          .isEqualTo(keys.size());
    }
  }

  private Process start(Postgres db, RecordingHttpServer recorder, boolean fall) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AlertingChild.class.getName(),
                db.jdbcUrl(),
                db.user(),
                db.password(),
                recorder.url("/page").toString()));
    if (fall) {
      command.add("fall");
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    processes.add(p);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture.runAsync(
            () -> {
              try {
                String line;
                while ((line = out.readLine()) != null && !line.equals("READY")) {
                  // start-up log
                }
              } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
              }
            })
        .get(60, TimeUnit.SECONDS);
    CompletableFuture.runAsync(() -> out.lines().forEach(l -> {}));
    return p;
  }

  private record Sql(Database database) {
    long count(String sql) throws SQLException {
      return Long.parseLong(strings(sql).get(0));
    }

    List<String> strings(String sql) throws SQLException {
      try (Connection c = database.dataSource().getConnection();
          PreparedStatement ps = c.prepareStatement(sql);
          ResultSet rs = ps.executeQuery()) {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
          out.add(rs.getString(1));
        }
        return out;
      }
    }
  }
}
