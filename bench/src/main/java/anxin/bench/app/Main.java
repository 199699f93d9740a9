package anxin.bench.app;

import anxin.bench.IngestBench;
import anxin.bench.PlatformBench;
import anxin.bench.alerting.AlertLatencyBench;
import anxin.bench.coap.CoapBench;
import anxin.bench.faults.Fault;
import anxin.bench.faults.FaultSuite;
import anxin.bench.faults.Outcome;
import anxin.bench.gateway.GatewayBench;
import anxin.bench.jmh.JmhRun;
import anxin.protocol.Format;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code anxin-bench ingest [--quick]}, {@code anxin-bench jmh [--quick]}, {@code anxin-bench
 * alert-latency [--quick]}, {@code anxin-bench gateway [--quick]}, {@code anxin-bench coap
 * [--quick]}, {@code anxin-bench platform [--quick]}, {@code anxin-bench all [--quick]}: see
 * docs/benchmarks.md; {@code anxin-bench faults [--quick]}: see docs/reliability.md.
 */
@Command(
    name = "anxin-bench",
    mixinStandardHelpOptions = true,
    subcommands = {
      Main.Ingest.class,
      Main.Jmh.class,
      Main.AlertLatency.class,
      Main.GatewayCommand.class,
      Main.PlatformCommand.class,
      Main.Coap.class,
      AllCommand.class,
      Main.Faults.class
    },
    description =
        "Anxin benchmarks: ingest against the real broker and database; JMH microbenchmarks and"
            + " the alert latency in process.")
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

    @Option(
        names = "--broker-messages",
        description = "Messages per broker floor run (default 200000, quick 60000).")
    Integer brokerMessages;

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
        description =
            "End-to-end target rates with one event per message, events/s (default"
                + " 2500,5000,...,30000).")
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
        names = "--gateway-rates",
        split = ",",
        description =
            "End-to-end target rates with gateway batches, events/s (default 10000,15000,...,"
                + "40000; quick 15000,20000,25000). The target is judged on the committed rate,"
                + " a little under the step's own: give a step above 15000.")
    double[] gatewayRates;

    @Option(
        names = "--gateways",
        defaultValue = "50",
        description = "Simulated edge gateways for the gateway-batch steps.")
    int gateways;

    @Option(
        names = "--phases",
        split = ",",
        defaultValue = "storage,broker,e2e,gateways",
        description = "Which phases to run (default: ${DEFAULT-VALUE}).")
    java.util.Set<String> phases;

    @Option(names = "--keep-db", description = "Keep the scratch database.")
    boolean keepDb;

    @Override
    public Integer call() throws Exception {
      double[] steps = rates;
      if (steps == null) {
        steps = new double[12];
        for (int i = 0; i < steps.length; i++) {
          steps[i] = 2_500 + 2_500 * i;
        }
      }
      double[] gatewaySteps = gatewayRates;
      if (gatewaySteps == null) {
        gatewaySteps =
            quick
                ? new double[] {15_000, 20_000, 25_000}
                : new double[] {10_000, 15_000, 20_000, 25_000, 30_000, 35_000, 40_000};
      }
      IngestBench.Options o =
          new IngestBench.Options(
              jdbc,
              mqtt,
              mosquittoLog,
              events != null ? events : quick ? 50_000 : 200_000,
              batch,
              rounds != null ? rounds : quick ? 2 : 3,
              brokerMessages != null ? brokerMessages : quick ? 60_000 : 200_000,
              5_000,
              Duration.ofSeconds(quick ? 4 : 10),
              devices,
              publishers,
              window,
              steps,
              Duration.ofSeconds(stepSeconds != null ? stepSeconds : quick ? 8 : 30),
              maxOutstanding,
              rawMaxOutstanding,
              gatewaySteps,
              gateways,
              phases,
              keepDb);
      return new IngestBench(o).run() ? 0 : 1;
    }
  }

  @Command(
      name = "jmh",
      mixinStandardHelpOptions = true,
      description =
          "JMH microbenchmarks of the rule engine (events/s on one core) and the event codecs,"
              + " with the GC profiler (bytes allocated per operation); prints a table.")
  static final class Jmh implements Callable<Integer> {

    @Option(
        names = "--quick",
        description = "2 warm-up and 3 measured iterations of 1 s instead of 3 and 5 of 2 s.")
    boolean quick;

    @Option(
        names = "--include",
        defaultValue = "anxin\\.bench\\.jmh\\..*",
        description = "Regular expression over benchmark names (default: ${DEFAULT-VALUE}).")
    String include;

    @Option(names = "--forks", defaultValue = "1", description = "JVM forks per benchmark.")
    int forks;

    @Option(
        names = "--prof",
        split = ",",
        description = "Extra JMH profilers besides gc, e.g. stack or jfr.")
    List<String> profilers = List.of();

    @Override
    public Integer call() throws Exception {
      JmhRun.Options o =
          new JmhRun.Options(
              include, forks, quick ? 2 : 3, quick ? 3 : 5, quick ? 1 : 2, profilers);
      var results = JmhRun.run(o);
      System.out.println();
      System.out.println("codec envelope: " + JmhRun.codecEnvelope());
      JmhRun.print(results, System.out);
      return 0;
    }
  }

  @Command(
      name = "alert-latency",
      mixinStandardHelpOptions = true,
      description =
          "Latency in process from an event reaching the alerting core to its pages handed to"
              + " their channels, open loop; prints p50/p99/p99.9. Exit 0 when the p99 of events"
              + " that paged is at most 1 ms, 1 otherwise.")
  static final class AlertLatency implements Callable<Integer> {

    @Option(
        names = "--quick",
        description = "5 s warm-up and 15 s measured instead of 15 s and 60 s.")
    boolean quick;

    @Option(
        names = "--rate",
        defaultValue = "20000",
        description = "Events per second, open loop (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--warmup-seconds", description = "Warm-up (default 15, quick 5).")
    Integer warmupSeconds;

    @Option(names = "--seconds", description = "Measured time (default 60, quick 15).")
    Integer seconds;

    @Option(names = "--seed", defaultValue = "42", description = "Seeds the event mix.")
    long seed;

    @Option(
        names = "--counting-console",
        description =
            "Hand console pages to a counting sender instead of the real ConsolePublisher (whose"
                + " hand-off wakes its dispatcher thread).")
    boolean countingConsole;

    @Override
    public Integer call() {
      AlertLatencyBench.Options o =
          new AlertLatencyBench.Options(
              rate,
              Duration.ofSeconds(warmupSeconds != null ? warmupSeconds : quick ? 5 : 15),
              Duration.ofSeconds(seconds != null ? seconds : quick ? 15 : 60),
              seed,
              !countingConsole);
      AlertLatencyBench.Result r = new AlertLatencyBench(o).run();
      AlertLatencyBench.print(o, r, System.out);
      boolean met = r.paged().getValueAtPercentile(99) <= 1_000_000;
      System.out.println(met ? "target met: p99 <= 1 ms" : "target missed: p99 > 1 ms");
      return met ? 0 : 1;
    }
  }

  @Command(
      name = "platform",
      mixinStandardHelpOptions = true,
      description =
          "The whole platform in process under gateway-batched telemetry: sustainable rate, P1 and"
              + " P2 publish->page latency at rest, 1x and 3x, the door-left-open timer's delay,"
              + " each next to the raw broker's figure for the same load. Exit 0 when every target"
              + " is met.")
  static final class PlatformCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "8 s steps, 10 s phases: about 3 minutes.")
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
        names = "--rates",
        split = ",",
        description = "Telemetry steps, events/s (default quick 10000,20000,...; full finer).")
    List<Integer> rates;

    @Option(names = "--step-seconds", description = "Each telemetry step (default 20, quick 8).")
    Integer stepSeconds;

    @Option(
        names = "--phase-seconds",
        description = "Each probe phase: rest, 1x, 3x (default 30, quick 10).")
    Integer phaseSeconds;

    @Option(names = "--keep-db", description = "Keep the scratch database.")
    boolean keepDb;

    @Option(
        names = "--alarm-watch",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description =
            "The platform's alarm watch (mqtt.alarm-watch); --no-alarm-watch measures without it"
                + " (default: on).")
    boolean alarmWatch;

    @Option(
        names = "--burst",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description =
            "The 5x phase (issue 9's burst); --no-burst leaves it out, as all --quick does"
                + " (default: on).")
    boolean burst;

    @Option(
        names = "--coap-share",
        description =
            "Part of the telemetry posted over plain CoAP by devices of their own, 0 for none"
                + " (default 0.02).")
    Double coapShare;

    @Option(
        names = "--load-process",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description =
            "The telemetry's gateways in a JVM of their own, so that the platform has this one"
                + " (its heap, its collector) to itself; --no-load-process runs them in this JVM,"
                + " as before 2026-11-30 (default: on).")
    boolean loadProcess;

    @Override
    public Integer call() throws Exception {
      PlatformBench.Options o =
          quick ? PlatformBench.Options.quick(jdbc, mqtt) : PlatformBench.Options.full(jdbc, mqtt);
      o =
          new PlatformBench.Options(
              o.jdbc(),
              o.mqtt(),
              o.devices(),
              o.gateways(),
              o.maxBatch(),
              o.flush(),
              rates != null && !rates.isEmpty() ? rates : o.rates(),
              stepSeconds != null ? Duration.ofSeconds(stepSeconds) : o.step(),
              phaseSeconds != null ? Duration.ofSeconds(phaseSeconds) : o.measure(),
              o.probesPerSecond(),
              o.timers(),
              o.leftOpen(),
              keepDb,
              alarmWatch,
              burst,
              coapShare != null ? coapShare : o.coapShare(),
              loadProcess);
      return PlatformBench.run(o, System.out) ? 0 : 1;
    }
  }

  @Command(
      name = "gateway",
      mixinStandardHelpOptions = true,
      description =
          "The packaged edge gateway (-Ppi) as a child JVM with its Raspberry Pi flags: cold start"
              + " with and without its CDS archive, RSS and heap with simulated sensors and a"
              + " backlog built while the platform's broker is down, and the backlog's replay rate"
              + " next to a raw Paho floor. Starts its own Mosquitto brokers. Exit 0 when every"
              + " target is met.")
  static final class GatewayCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "3 cold starts each, 20 s steady state, 1 floor run.")
    boolean quick;

    @Option(
        names = "--dist",
        defaultValue = "edge-gateway/target/anxin-gateway",
        description = "The gateway's distribution, from -Ppi (default: ${DEFAULT-VALUE}).")
    Path dist;

    @Option(
        names = "--mosquitto",
        defaultValue = "/usr/sbin/mosquitto",
        description = "Mosquitto binary (default: ${DEFAULT-VALUE}).")
    String mosquitto;

    @Option(names = "--lan-port", defaultValue = "18831", description = "LAN broker port.")
    int lanPort;

    @Option(
        names = "--platform-port",
        defaultValue = "18832",
        description = "Platform broker port.")
    int platformPort;

    @Option(names = "--coap-port", defaultValue = "25683", description = "The gateway's CoAP port.")
    int coapPort;

    @Option(names = "--sensors", defaultValue = "200", description = "Simulated sensors.")
    int sensors;

    @Option(
        names = "--connections",
        defaultValue = "10",
        description = "MQTT connections the sensors share.")
    int connections;

    @Option(
        names = "--backlog",
        defaultValue = "100000",
        description = "Events queued when the outage ends.")
    long backlog;

    @Option(
        names = "--steady-rate",
        defaultValue = "200",
        description = "Events/s from all sensors in the steady state (default: 1 per sensor).")
    double steadyRate;

    @Option(names = "--steady-seconds", description = "Steady state (default 60, quick 20).")
    Integer steadySeconds;

    @Option(names = "--cold-runs", description = "Cold starts of each kind (default 5, quick 3).")
    Integer coldRuns;

    @Option(names = "--floor-runs", description = "Raw floor runs (default 3, quick 1).")
    Integer floorRuns;

    @Option(
        names = "--jvm-flags",
        description = "Replace the launcher's JVM flags (CDS flags are still added).")
    String jvmFlags;

    @Option(
        names = "--nmt",
        description = "Add -XX:NativeMemoryTracking=summary and save the steady-state summary.")
    boolean nmt;

    @Override
    public Integer call() throws Exception {
      GatewayBench.Options o =
          new GatewayBench.Options(
              dist,
              mosquitto,
              lanPort,
              platformPort,
              coapPort,
              sensors,
              connections,
              backlog,
              steadyRate,
              steadySeconds != null ? steadySeconds : quick ? 20 : 60,
              coldRuns != null ? coldRuns : quick ? 3 : 5,
              floorRuns != null ? floorRuns : quick ? 1 : 3,
              jvmFlags,
              nmt);
      return new GatewayBench(o).run() ? 0 : 1;
    }
  }

  @Command(
      name = "coap",
      mixinStandardHelpOptions = true,
      description =
          "The ingest CoAP endpoint (POST /v1/events into PostgreSQL) against a bare Californium"
              + " server that only answers 2.04, the same Californium client load against both:"
              + " requests/s, ratio, p50/p99, CPU, and an SQL count of the rows. Exit 0 when the"
              + " ratio is >= 0.5x with zero loss, 1 otherwise.")
  static final class Coap implements Callable<Integer> {

    @Option(names = "--quick", description = "1 round of 3 s + 8 s, 5 s open loop: under 60 s.")
    boolean quick;

    @Option(
        names = "--jdbc",
        defaultValue = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
        description =
            "Database to connect to for CREATE/DROP DATABASE (default: ${DEFAULT-VALUE}).")
    String jdbc;

    @Option(
        names = "--format",
        defaultValue = "JSON",
        description = "Event wire format, JSON or CBOR (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--devices", defaultValue = "5000", description = "Provisioned devices.")
    int devices;

    @Option(
        names = "--clients",
        defaultValue = "1000",
        description =
            "Closed-loop clients, one request outstanding each (default: 1000; ingest answers"
                + " after the commit, so too few clients measure its latency, not its capacity).")
    int clients;

    @Option(
        names = "--sockets",
        defaultValue = "32",
        description = "Client UDP sockets the clients share (default: 32).")
    int sockets;

    @Option(
        names = "--client-threads",
        defaultValue = "2",
        description = "Threads of the clients' shared pool (default: 2).")
    int clientThreads;

    @Option(names = "--rounds", description = "Closed-loop runs per server (default 3, quick 1).")
    Integer rounds;

    @Option(names = "--warmup-seconds", description = "Warm-up per run (default 5, quick 3).")
    Integer warmupSeconds;

    @Option(names = "--seconds", description = "Measured per run (default 20, quick 8).")
    Integer seconds;

    @Option(
        names = "--latency-rate",
        defaultValue = "0",
        description =
            "Open-loop requests/s against each server; 0 (default): half of ingest's closed-loop"
                + " median in this run.")
    double latencyRate;

    @Option(
        names = "--latency-seconds",
        description = "Open-loop time per server (default 15, quick 5).")
    Integer latencySeconds;

    @Option(names = "--keep-db", description = "Keep the scratch database.")
    boolean keepDb;

    @Override
    public Integer call() throws Exception {
      CoapBench.Options o =
          new CoapBench.Options(
              jdbc,
              format,
              devices,
              clients,
              sockets,
              clientThreads,
              rounds != null ? rounds : quick ? 1 : 3,
              Duration.ofSeconds(warmupSeconds != null ? warmupSeconds : quick ? 3 : 5),
              Duration.ofSeconds(seconds != null ? seconds : quick ? 8 : 20),
              latencyRate,
              Duration.ofSeconds(latencySeconds != null ? latencySeconds : quick ? 5 : 15),
              0.5,
              keepDb);
      CoapBench.Result r = CoapBench.run(o);
      CoapBench.print(o, r, System.out);
      return r.met(o.target()) ? 0 : 1;
    }
  }

  @Command(
      name = "faults",
      mixinStandardHelpOptions = true,
      description =
          "The fault suite (docs/reliability.md): the platform (a child JVM), a private PostgreSQL"
              + " and private Mosquitto brokers, and a real gateway, under load while the platform"
              + " is killed, the database stopped, the broker restarted, the gateway's uplink cut,"
              + " the gateway killed in its flush and its disk filled, and a burst at 5x the"
              + " sustainable rate; counts events stored and pages received. Exit 0 when nothing"
              + " was lost or sent twice.")
  static final class Faults implements Callable<Integer> {

    @Option(
        names = "--quick",
        description =
            "20 s database stop, 30 s cut with 10,000 queued, 10 s burst: a few minutes in all.")
    boolean quick;

    @Option(
        names = "--faults",
        split = ",",
        description = "Which faults: ${COMPLETION-CANDIDATES} (default: all).")
    List<Fault> faults = List.of(Fault.values());

    @Option(
        names = "--platform-jar",
        defaultValue = "platform/target/anxin-platform.jar",
        description = "The platform's jar, with lib/ beside it (default: ${DEFAULT-VALUE}).")
    Path platformJar;

    @Option(
        names = "--gateway-dist",
        defaultValue = "edge-gateway/target/anxin-gateway",
        description = "The gateway's distribution, from -Ppi (default: ${DEFAULT-VALUE}).")
    Path gatewayDist;

    @Option(
        names = "--pg-bin",
        defaultValue = "/usr/lib/postgresql/15/bin",
        description = "initdb and pg_ctl (default: ${DEFAULT-VALUE}).")
    Path pgBin;

    @Option(
        names = "--mosquitto",
        defaultValue = "/usr/sbin/mosquitto",
        description = "Mosquitto binary (default: ${DEFAULT-VALUE}).")
    String mosquitto;

    @Option(
        names = "--work",
        description = "Working directory, kept afterwards (default: a new /tmp/anxin-faults-*).")
    Path work;

    @Option(
        names = "--devices",
        description =
            "Devices per platform fault and sensors per gateway (default 200, quick 100).")
    Integer devices;

    @Option(
        names = "--backlog",
        description = "Events queued during the uplink cut (default 100000, quick 10000).")
    Integer backlog;

    @Override
    public Integer call() throws Exception {
      Path dir = work != null ? work : java.nio.file.Files.createTempDirectory("anxin-faults-");
      String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      FaultSuite.Options o =
          new FaultSuite.Options(
              dir,
              pgBin,
              mosquitto,
              List.of(
                  javaBin,
                  "-Xmx512m",
                  "-cp",
                  platformJar.toAbsolutePath().toString(),
                  "anxin.platform.app.Main"),
              List.of(gatewayDist.resolve("bin/anxin-gateway").toAbsolutePath().toString()),
              java.util.Map.of("ANXIN_GATEWAY_CDS", ""),
              new java.util.LinkedHashSet<>(faults),
              sizes(),
              System.out);
      long t0 = System.nanoTime();
      List<Outcome> outcomes = new FaultSuite(o).run();
      System.out.println();
      Outcome.print(outcomes, System.out);
      System.out.printf(
          java.util.Locale.ROOT,
          "%n%s run, %.1f min, work directory %s%n",
          quick ? "quick" : "full",
          (System.nanoTime() - t0) / 60e9,
          dir);
      return outcomes.stream().allMatch(Outcome::clean) ? 0 : 1;
    }

    private FaultSuite.Sizes sizes() {
      FaultSuite.Sizes z = quick ? FaultSuite.Sizes.quick() : FaultSuite.Sizes.full();
      return new FaultSuite.Sizes(
          devices != null ? devices : z.devices(),
          z.rate(),
          z.before(),
          z.databaseOutage(),
          z.brokerDown(),
          z.cut(),
          backlog != null ? backlog : z.backlog(),
          z.flushBacklog(),
          z.diskMb(),
          z.diskEvents(),
          z.settle(),
          z.gatewayBackoffMax(),
          z.burst());
    }
  }
}
