package anxin.gateway.uplink;

import anxin.gateway.journal.JournalConfig;
import anxin.gateway.journal.SegmentedJournal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A gateway in a child JVM for {@link UplinkKillIT}: opens the journal in {@code args[0]} and sends
 * it to broker {@code args[1]} as facility {@code args[2]}, client id {@code args[3]}, until its
 * standard input says {@code stop} (or it is killed).
 */
public final class UplinkChild {

  private UplinkChild() {}

  public static void main(String[] args) throws Exception {
    UplinkConfig config =
        UplinkConfig.builder(args[1], args[2], "gw-1")
            .clientId(args[3])
            .maxBatchEvents(100) // many small batches: a kill lands mid-flush
            .window(4)
            .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
            .build();
    try (SegmentedJournal journal = SegmentedJournal.open(Path.of(args[0]), JournalConfig.DEFAULT);
        Uplink uplink = Uplink.start(config, journal)) {
      System.out.println("started " + journal.size());
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine();
          line != null && !line.equals("stop");
          line = in.readLine()) {
        // wait for "stop"
      }
    }
    System.out.println("stopped");
  }
}
