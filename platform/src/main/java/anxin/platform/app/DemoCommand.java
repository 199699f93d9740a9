package anxin.platform.app;

import anxin.alerting.AlertEvent;
import anxin.platform.config.ConfigLoader;
import anxin.platform.config.PlatformConfig;
import anxin.platform.demo.DemoSink;
import anxin.platform.demo.Wenshan;
import anxin.platform.server.Platform;
import anxin.protocol.Format;
import anxin.protocol.sim.Pacer;
import anxin.protocol.sim.Plan;
import anxin.protocol.sim.PrintingSink;
import anxin.protocol.sim.Scenario;
import anxin.protocol.sim.Simulator;
import anxin.protocol.sim.coap.CoapEventSink;
import anxin.protocol.sim.paho.PahoMqttSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The one-command demo (issue 5): starts the platform on embedded defaults, provisions Wenshan
 * prefecture's care homes and retrofitted homes, simulates their night over MQTT and CoAP, and
 * prints alerts, pages and the messages that reach the local SMS gateway and duty robot.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a simulated night in care homes of Wenshan prefecture's eight counties and three",
      "retrofitted homes of people living alone, on an embedded platform: devices publish over MQTT",
      "and CoAP, alerts open and escalate, SMS and robot messages reach a local sink that is",
      "printed here. Prints the console URL and tokens for a caregiver, a manager and the bureau."
    })
final class DemoCommand implements Callable<Integer> {

  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  @Option(
      names = "--broker",
      paramLabel = "URI",
      description = "Use this MQTT broker (e.g. tcp://127.0.0.1:1883) instead of an embedded one.")
  String broker;

  @Option(
      names = "--database",
      paramLabel = "JDBC_URL",
      description =
          "Use this PostgreSQL database (it must be empty or a previous demo's) instead of an"
              + " embedded one.")
  String database;

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description =
          "Port of the console on 127.0.0.1; a free one when taken. Default: ${DEFAULT-VALUE}.")
  int httpPort;

  @Option(
      names = "--mqtt-port",
      defaultValue = "1883",
      description =
          "Port of the embedded broker on 127.0.0.1; a free one when taken. Default: ${DEFAULT-VALUE}.")
  int mqttPort;

  @Option(
      names = "--speed",
      defaultValue = "60",
      description =
          "Simulated seconds per real second; 0 runs as fast as the platform takes it. Default:"
              + " ${DEFAULT-VALUE} (an 8-hour night in 8 minutes).")
  double speed;

  @Option(
      names = "--from",
      paramLabel = "HH:MM",
      description = "Start the night at this local time, e.g. 02:10 to see the 02:13 fall at once.")
  LocalTime from;

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      description = "Stop after this much simulated time (ISO-8601, e.g. PT30M).")
  Duration limit;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = ".anxin/demo",
      description =
          "Embedded database and broker data; the demo's database is new each run. Default:"
              + " ${DEFAULT-VALUE}.")
  Path dataDir;

  @Option(
      names = "--exit",
      description = "Stop when the night is over, instead of keeping the console up.")
  boolean exit;

  @Option(names = "--print-events", description = "Print every event the devices send.")
  boolean printEvents;

  @Option(
      names = "--verbose",
      description = "Print the platform's log at INFO level too (default: warnings and errors).")
  boolean verbose;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Any configuration key (docs/operations.md), e.g. --set mqtt.client-id=demo-2.")
  Map<String, String> extra = new LinkedHashMap<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!verbose
        && org.slf4j.LoggerFactory.getLogger("anxin") instanceof ch.qos.logback.classic.Logger l) {
      l.setLevel(ch.qos.logback.classic.Level.WARN);
    }
    try (DemoSink sink = new DemoSink(out)) {
      Map<String, String> values = new LinkedHashMap<>();
      values.put("data-dir", dataDir.toString());
      values.put("http.port", Integer.toString(free(httpPort)));
      values.put("mqtt.embedded-port", Integer.toString(mqttPort));
      if (broker != null) {
        values.put("mqtt.url", broker);
      }
      if (database != null) {
        values.put("database.url", database);
      } else {
        deleteTree(dataDir.resolve("postgres")); // a new night, a new database
      }
      values.put("ingest.coap.allow-plain", "true");
      values.put("ingest.coap.port", "0");
      values.put("ingest.coap.dtls-port", "-1");
      values.put("notify.sms", "http");
      values.put("sms.http.url", sink.url() + "/sms");
      values.put("webhook.duty-robot.url", sink.url() + "/robot?access_token=demo");
      values.put("webhook.duty-robot.format", "dingtalk");
      // The simulated night runs faster than the clock, so the demo's night lasts all day: the
      // night rules (night exit, not back in bed) show whenever the demo runs.
      values.put("rules.night.start", "00:00");
      values.put("rules.night.end", "23:59");
      values.putAll(extra);
      PlatformConfig config = ConfigLoader.fromValues(values, System.getenv());

      out.println("Anxin demo: starting the platform (embedded services take a few seconds)...");
      out.flush();
      try (Platform platform = Platform.start(config, Clock.systemUTC())) {
        return run(platform, sink, out);
      }
    }
  }

  private int run(Platform platform, DemoSink sink, PrintWriter out) throws Exception {
    LocalDate night = LocalDate.now(ZONE);
    Plan full = Wenshan.plan(night);
    Instant start = this.from == null ? full.start() : atNight(night, this.from);
    Instant until = limit == null ? full.end().plus(Duration.ofMinutes(30)) : start.plus(limit);
    Plan plan = full.window(start, until);
    Map<String, String> tokens =
        Wenshan.provision(
            platform.database().dataSource(), platform.provisioning(), platform.tokens(), full);
    platform.directory().reload();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while ((platform.ingest().registry().size() < full.devices().size()
            || !platform.ingest().mqtt().isSubscribed())
        && System.nanoTime() < deadline) {
      Thread.sleep(50); // the registry reloads on the database's notification; ingest subscribes
    }
    AtomicInteger alerts = new AtomicInteger();
    platform.alerting().addListener(e -> printAlert(out, e, alerts));

    String console = platform.consoleUrl();
    out.printf(
        "%nAnxin demo: %d homes in %s (%d care homes, %d people living alone), %d devices,"
            + " %d events from %s%n",
        Wenshan.HOMES.size(),
        Wenshan.REGION,
        Wenshan.HOMES.stream().filter(h -> !h.livesAlone()).count(),
        Wenshan.HOMES.stream().filter(Wenshan.Home::livesAlone).count(),
        plan.devices().size(),
        plan.timeline().size(),
        start.atZone(ZONE).toLocalTime());
    out.printf("Console:   %s%n", console);
    out.printf("  caregiver (文山市社会福利院): %s#token=%s%n", console, tokens.get("caregiver"));
    out.printf("  manager   (文山市社会福利院): %s#token=%s%n", console, tokens.get("manager"));
    out.printf(
        "  bureau    (%s, read-only):  %s#token=%s%n",
        Wenshan.REGION, console, tokens.get("bureau"));
    out.printf(
        "MQTT:      %s   (mosquitto_sub -h %s -p %d -t 'anxin/#' -v)%n",
        platform.mqttUrl(), host(platform.mqttUrl()), port(platform.mqttUrl()));
    out.printf(
        "Speed:     %s%n%n",
        speed <= 0 ? "as fast as the platform takes it" : speed + "x real time");
    out.flush();

    int coapPort =
        platform.ingest().coap().plainAddress().map(InetSocketAddress::getPort).orElseThrow();
    Simulator.Result result;
    try (DemoSinksHolder sinks =
        new DemoSinksHolder(platform.mqttUrl(), coapPort, out, printEvents)) {
      Pacer pacer = speed <= 0 ? Pacer.virtual() : Pacer.scaled(Clock.systemUTC(), start, speed);
      result = Simulator.run(plan, sinks.sink, pacer);
    }
    out.printf(
        "%nNight over: %d events sent, %d failed; %d alerts opened; %d SMS and %d robot messages"
            + " delivered so far.%n",
        result.sent(), result.failed(), alerts.get(), sink.smsCount(), sink.robotCount());
    out.flush();
    if (!exit) {
      out.printf("The console stays up at %s — Ctrl-C to stop.%n", console);
      out.flush();
      CountDownLatch forever = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown, "anxin-demo-stop"));
      forever.await();
    }
    return result.failed() == 0 ? 0 : 1;
  }

  /** The MQTT and CoAP device sinks, closed together. */
  private static final class DemoSinksHolder implements AutoCloseable {
    final anxin.protocol.sim.EventSink sink;

    DemoSinksHolder(String mqttUrl, int coapPort, PrintWriter out, boolean print) {
      anxin.protocol.sim.EventSink mqtt =
          PahoMqttSink.connect(
              mqttUrl.split(",")[0], "anxin-demo-devices-" + UUID.randomUUID(), Format.JSON);
      anxin.protocol.sim.EventSink coap =
          new CoapEventSink("coap://127.0.0.1:" + coapPort, Format.CBOR);
      anxin.protocol.sim.EventSink both =
          new anxin.platform.demo.DemoSinks(
              mqtt,
              coap,
              Wenshan.HOMES.stream()
                  .filter(Wenshan.Home::livesAlone)
                  .map(Wenshan.Home::id)
                  .collect(Collectors.toSet()));
      sink = print ? new PrintingSink(both, out, ZONE) : both;
    }

    @Override
    public void close() {
      sink.close();
    }
  }

  private static void printAlert(PrintWriter out, AlertEvent e, AtomicInteger alerts) {
    if (e.kind() == AlertEvent.Kind.OPENED) {
      alerts.incrementAndGet();
    }
    if (e.kind() == AlertEvent.Kind.UPDATED) {
      return;
    }
    var a = e.alert();
    String what =
        switch (e.kind()) {
          case OPENED -> "opened";
          case ESCALATED -> "escalated to step " + e.step();
          case ACKNOWLEDGED -> "acknowledged by " + a.acknowledgedBy();
          case RESOLVED -> "resolved: " + a.outcome().wireName();
          case UPDATED -> "";
        };
    String home =
        Wenshan.HOMES.stream()
            .filter(h -> h.id().equals(a.facility()))
            .map(Wenshan.Home::name)
            .findFirst()
            .orElse(a.facility());
    synchronized (out) {
      out.printf(
          "%s  [%s] %-16s %s%s — %s%n",
          Instant.now().atZone(ZONE).format(CLOCK),
          a.severity(),
          a.rule().wireName(),
          home,
          a.room() == null ? "" : " 房间 " + a.room(),
          what);
      out.flush();
    }
  }

  private static Instant atNight(LocalDate night, LocalTime t) {
    Scenario s = Wenshan.scenario(Wenshan.HOMES.get(0));
    LocalDate day = t.isBefore(s.start()) ? night.plusDays(1) : night;
    return day.atTime(t).atZone(ZONE).toInstant();
  }

  private static int free(int preferred) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", preferred));
      return preferred;
    } catch (IOException e) {
      return 0;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static String host(String uri) {
    return java.net.URI.create(uri.split(",")[0]).getHost();
  }

  private static int port(String uri) {
    int p = java.net.URI.create(uri.split(",")[0]).getPort();
    return p < 0 ? 1883 : p;
  }
}
