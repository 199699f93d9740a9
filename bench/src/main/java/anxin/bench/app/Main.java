package anxin.bench.app;

import anxin.bench.IngestBench;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code anxin-bench ingest [--quick]}: see docs/benchmarks.md. */
@Command(
    name = "anxin-bench",
    mixinStandardHelpOptions = true,
    subcommands = {Main.Ingest.class},
    description = "Anxin benchmarks against the real broker and database.")
public final class Main {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description =
          "Raw COPY and broker floors, the writer alone, and the ingest tier end to end, in one"
              + " run; prints a table. Exit 0 when every target is met, 1 when one is missed.")
  static final class Ingest implements Callable<Integer> {

    @Option(names = "--quick", description = "Fewer events, shorter steps: under 3 minutes.")
    boolean quick;

    @Option(
        names = "--jdbc",
        defaultValue = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
        description =
            "Database to connect to for CREATE/DROP DATABASE (default: ${DEFAULT-VALUE}).")
    String jdbc;

    @Option(
        names = "--mqtt",
        defaultValue = "tcp://127.0.0.1:1883",
        description = "Broker (default: ${DEFAULT-VALUE}).")
    String mqtt;

    @Option(
        names = "--mosquitto-log",
        defaultValue = "/var/log/mosquitto/mosquitto.log",
        description = "Broker log checked for dropped messages (default: ${DEFAULT-VALUE}).")
    Path mosquittoLog;

    @Option(
        names = "--events",
        description = "Events per storage run (default 200000, quick 50000).")
    Integer events;

    @Option(names = "--rounds", description = "Storage and broker runs each (default 3, quick 2).")
    Integer rounds;

    @Option(names = "--batch", defaultValue = "2000", description = "Writer batch size.")
    int batch;

    @Option(names = "--devices", defaultValue = "5000", description = "Devices in the fleet.")
    int devices;

    @Option(names = "--publishers", defaultValue = "4", description = "MQTT publishers.")
    int publishers;

    @Option(
        names = "--window",
        defaultValue = "500",
        description = "PUBACKs awaited per publisher.")
    int window;

    @Option(
        names = "--rates",
        split = ",",
        description = "End-to-end target rates, events/s (default 5000,7500,...,30000).")
    double[] rates;

    @Option(
        names = "--step-seconds",
        description = "How long each end-to-end step publishes (default 30, quick 8).")
    Integer stepSeconds;

    @Option(
        names = "--max-outstanding",
        defaultValue = "900",
        description =
            "Most events published and not yet received (broker floor) or committed (end to end)"
                + " before the generator waits: below receive maximum + max_queued_messages.")
    long maxOutstanding;

    @Option(
        names = "--raw-max-outstanding",
        defaultValue = "500",
        description = "The same for the broker floor (see docs/benchmarks.md on Mosquitto 2.0.11).")
    long rawMaxOutstanding;

    @Option(
        names = "--phases",
        split = ",",
        defaultValue = "storage,broker,e2e",
        description = "Which phases to run (default: ${DEFAULT-VALUE}).")
    java.util.Set<String> phases;

    @Option(names = "--keep-db", description = "Keep the scratch database.")
    boolean keepDb;

    @Override
    public Integer call() throws Exception {
      double[] steps = rates;
      if (steps == null) {
        steps = new double[11];
        for (int i = 0; i < steps.length; i++) {
          steps[i] = 5_000 + 2_500 * i;
        }
      }
      IngestBench.Options o =
          new IngestBench.Options(
              jdbc,
              mqtt,
              mosquittoLog,
              events != null ? events : quick ? 50_000 : 200_000,
              batch,
              rounds != null ? rounds : quick ? 2 : 3,
              quick ? 60_000 : 200_000,
              5_000,
              Duration.ofSeconds(quick ? 4 : 10),
              devices,
              publishers,
              window,
              steps,
              Duration.ofSeconds(stepSeconds != null ? stepSeconds : quick ? 8 : 30),
              maxOutstanding,
              rawMaxOutstanding,
              phases,
              keepDb);
      return new IngestBench(o).run() ? 0 : 1;
    }
  }
}
