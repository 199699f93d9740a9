package anxin.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.protocol.Event;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 in the middle of appending: every append that returned is there after a restart. */
class JournalKillTest {

  @TempDir Path dir;

  @Test
  void sigkillMidStream_everyAcknowledgedAppendSurvives() throws Exception {
    for (int round = 0; round < 2; round++) { // the second round appends after a recovery
      Set<Long> acked = new HashSet<>();
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx32m",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  AppendingChild.class.getName(),
                  dir.toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        assertThat(out.readLine()).isEqualTo("ready");
        long target = 300 + round * 17L;
        String line;
        while (acked.size() < target && (line = out.readLine()) != null) {
          acked.add(Long.parseLong(line.substring("acked ".length())));
        }
        child.destroyForcibly(); // SIGKILL on Linux, while it is still appending
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);
      } finally {
        child.destroyForcibly();
      }
      assertThat(acked).hasSizeGreaterThanOrEqualTo(300);

      try (SegmentedJournal j = SegmentedJournal.open(dir, JournalConfig.DEFAULT)) {
        List<Event> recovered = Events.drain(j);
        Set<Long> seqs = new HashSet<>(Events.seqs(recovered));
        assertThat(seqs).containsAll(acked);
        assertThat(seqs).hasSameSizeAs(recovered); // nothing twice
        j.markSent(ids(j)); // start the next round empty
      }
    }
  }

  private static long[] ids(SegmentedJournal j) throws Exception {
    j.rewind();
    return j.poll(Integer.MAX_VALUE / 4).stream().mapToLong(e -> e.id()).toArray();
  }
}
