package anxin.platform.app;

import anxin.platform.embedded.EmbeddedMqttBroker;
import anxin.protocol.Format;
import anxin.protocol.sim.EventSink;
import anxin.protocol.sim.Pacer;
import anxin.protocol.sim.Plan;
import anxin.protocol.sim.PrintingSink;
import anxin.protocol.sim.Scenario;
import anxin.protocol.sim.Scenarios;
import anxin.protocol.sim.Simulator;
import anxin.protocol.sim.paho.PahoMqttSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs a simulated night in a care home: emulated devices publish their events over MQTT to an
 * embedded broker (or one given with {@code --broker}), and every event is printed.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a simulated night in a care home: devices publish over MQTT and each event is printed.",
      "Watch the broker with: mosquitto_sub -h 127.0.0.1 -p PORT -t 'anxin/#' -v"
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--broker",
      paramLabel = "URI",
      description =
          "Publish to this MQTT broker (e.g. tcp://127.0.0.1:1883) instead of starting an embedded one.")
  String broker;

  @Option(
      names = "--mqtt-port",
      paramLabel = "PORT",
      defaultValue = "1883",
      description =
          "Port of the embedded broker on 127.0.0.1; a free port is used when it is taken. Default: ${DEFAULT-VALUE}.")
  int mqttPort;

  @Option(
      names = "--scenario",
      paramLabel = "NAME|FILE",
      defaultValue = Scenarios.NIGHT_40_BEDS,
      description = "A bundled scenario or a scenario JSON file. Default: ${DEFAULT-VALUE}.")
  String scenario;

  @Option(
      names = "--speed",
      defaultValue = "60",
      description =
          "Simulated seconds per real second; 0 runs as fast as the broker takes it. Default: ${DEFAULT-VALUE} (an 8-hour night in 8 minutes).")
  double speed;

  @Option(
      names = "--from",
      paramLabel = "HH:MM",
      description =
          "Start the night at this local time instead of the scenario's start, e.g. 02:10 to see the 02:13 fall at once.")
  LocalTime from;

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      description =
          "Stop after this much simulated time (ISO-8601, e.g. PT30M). Default: to the end of the night.")
  Duration limit;

  @Option(
      names = "--format",
      defaultValue = "JSON",
      description = "Payload encoding: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = ".anxin/demo",
      description = "Where the embedded broker keeps its files. Default: ${DEFAULT-VALUE}.")
  Path dataDir;

  @Option(
      names = "--facility",
      paramLabel = "ID",
      description = "Facility id to simulate under, instead of the scenario's.")
  String facility;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Scenario s = loadScenario();
    if (facility != null) {
      s = s.forFacility(anxin.protocol.Ids.requireFacilityId(facility), s.seed());
    }
    LocalDate night = LocalDate.now(s.zone());
    Plan plan = Plan.of(s, night);
    Instant from = this.from == null ? plan.start() : atNight(s, night, this.from);
    Instant until = limit == null ? plan.end().plus(Duration.ofHours(1)) : from.plus(limit);
    plan = plan.window(from, until);

    try (EmbeddedMqttBroker embedded = broker == null ? startBroker() : null) {
      String uri = embedded == null ? broker : embedded.serverUri();
      out.printf(
          "Anxin demo: scenario %s, facility %s, %d rooms, %d devices, %d events from %s (%s)%n",
          s.name(),
          s.facility(),
          s.rooms(),
          plan.devices().size(),
          plan.timeline().size(),
          from.atZone(s.zone()).toLocalDateTime(),
          s.zone());
      out.printf("MQTT broker: %s%s%n", uri, embedded == null ? "" : " (embedded HiveMQ CE)");
      out.printf("Watch it:    mosquitto_sub -h %s -p %d -t 'anxin/#' -v%n", host(uri), port(uri));
      out.printf(
          "Speed:       %s%n%n",
          speed <= 0 ? "as fast as the broker takes it" : speed + "x real time");
      out.flush();
      Simulator.Result result;
      try (EventSink sink =
          new PrintingSink(
              PahoMqttSink.connect(uri, "anxin-demo-" + UUID.randomUUID(), format),
              out,
              s.zone())) {
        Pacer pacer = speed <= 0 ? Pacer.virtual() : Pacer.scaled(Clock.systemUTC(), from, speed);
        result = Simulator.run(plan, sink, pacer);
      }
      out.printf(
          "%nDone: %d events sent, %d failed. By type: %s%n",
          result.sent(), result.failed(), result.sentByType());
      return result.failed() == 0 ? 0 : 1;
    }
  }

  private EmbeddedMqttBroker startBroker() throws IOException {
    return EmbeddedMqttBroker.start(dataDir.resolve("mqtt"), mqttPort);
  }

  private Scenario loadScenario() throws IOException {
    Path file = Path.of(scenario);
    if (scenario.endsWith(".json") && Files.isRegularFile(file)) {
      return Scenarios.parse(Files.readAllBytes(file));
    }
    return Scenarios.bundled(scenario);
  }

  private static Instant atNight(Scenario s, LocalDate night, LocalTime t) {
    LocalDate day = t.isBefore(s.start()) ? night.plusDays(1) : night;
    return day.atTime(t).atZone(s.zone()).toInstant();
  }

  private static String host(String uri) {
    return java.net.URI.create(uri).getHost();
  }

  private static int port(String uri) {
    int p = java.net.URI.create(uri).getPort();
    return p < 0 ? 1883 : p;
  }
}
