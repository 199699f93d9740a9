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
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 6 item 6: "gateway killed (kill -9) in the middle of flushing a backlog: after restart
 * nothing is lost and any resend is the same (device, seq)".
 */
@ExtendWith(TestServices.class)
class UplinkKillIT {

  private static final Logger log = LoggerFactory.getLogger(UplinkKillIT.class);
  private static final int EVENTS = 10_000;

  @TempDir Path dir;

  @Test
  void sigkillMidFlush_restart_everythingArrives_resendsAreTheSameEvents(MqttBroker broker)
      throws Exception {
    List<Event> backlog = Traffic.night(EVENTS);
    try (SegmentedJournal journal = SegmentedJournal.open(dir, JournalConfig.DEFAULT)) {
      journal.appendAll(backlog);
    }
    String facility = Traffic.facility();
    String clientId = "it-kill-" + UUID.randomUUID();

    // The link stalls after ~160 KB (1,000-3,000 events), so the kill surely lands mid-flush with
    // batches in flight, whatever the broker's and this machine's speed.
    try (MqttRecorder batches = MqttRecorder.subscribe(broker, Topics.batch(facility));
        TcpProxy link = new TcpProxy(broker.host(), broker.port())) {
      link.limitUpstream(160_000);
      Process first = start(link.uri(), facility, clientId);
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> Traffic.decoded(batches).size() >= 1_000);
        first.destroyForcibly(); // SIGKILL while batches are in flight
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(137);
      } finally {
        first.destroyForcibly();
      }
      int beforeRestart = Traffic.decoded(batches).size();
      int left;
      try (SegmentedJournal journal = SegmentedJournal.open(dir, JournalConfig.DEFAULT)) {
        left = journal.size();
      }
      assertThat(left).as("killed mid-flush: events still queued").isPositive();

      link.unlimitUpstream();
      Process second = start(link.uri(), facility, clientId);
      try (Writer stdin =
          new OutputStreamWriter(second.getOutputStream(), StandardCharsets.UTF_8)) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> Traffic.keys(Traffic.decoded(batches)).size() >= EVENTS);
        stdin.write("stop\n");
        stdin.flush();
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isZero();
      } finally {
        second.destroyForcibly();
      }

      List<Event> received = Traffic.decoded(batches);
      Traffic.assertDelivered(backlog, received);
      try (SegmentedJournal journal = SegmentedJournal.open(dir, JournalConfig.DEFAULT)) {
        assertThat(journal.size()).as("all marked sent after the graceful stop").isZero();
      }
      log.info(
          "kill: {} received before the kill, {} queued after it, {} duplicates in all",
          beforeRestart,
          left,
          Traffic.duplicates(received));
    } finally {
      Traffic.cleanUp(
          broker,
          UplinkConfig.builder(broker.serverUri(), facility, "gw-1").clientId(clientId).build());
    }
  }

  private Process start(String brokerUri, String facility, String clientId) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                UplinkChild.class.getName(),
                dir.toString(),
                brokerUri,
                facility,
                clientId)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    while (line != null && !line.startsWith("started")) { // logback's start-up notes come first
      line = out.readLine();
    }
    assertThat(line).as("child started").isNotNull();
    return p;
  }
}
