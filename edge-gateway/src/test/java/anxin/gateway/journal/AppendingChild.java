package anxin.gateway.journal;

import anxin.protocol.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM by {@link JournalKillTest}: appends events forever, alternating single appends
 * and batches, and prints {@code acked <seq>} for each once its append has returned.
 */
public final class AppendingChild {

  private AppendingChild() {}

  public static void main(String[] args) throws Exception {
    try (SegmentedJournal j = SegmentedJournal.open(Path.of(args[0]), JournalConfig.DEFAULT)) {
      System.out.println("ready");
      System.out.flush();
      for (long seq = 0; ; ) {
        List<Event> batch = new ArrayList<>();
        int n = seq % 3 == 0 ? 1 : 5;
        for (int i = 0; i < n; i++, seq++) {
          batch.add(
              seq % 10 == 0 ? Events.alarm("pendant-1", seq) : Events.telemetry("bed-1", seq));
        }
        j.appendAll(batch);
        StringBuilder out = new StringBuilder();
        for (Event e : batch) {
          out.append("acked ").append(e.seq()).append('\n');
        }
        System.out.print(out);
        System.out.flush();
      }
    }
  }
}
