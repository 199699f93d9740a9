package anxin.bench.faults;

import anxin.bench.Fleet;
import anxin.bench.GatewayLoad;
import anxin.bench.gateway.GatewayProcess;
import anxin.bench.gateway.Sensors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs each fault of issue 9 item 1 against the whole platform under load and counts what arrived:
 * see docs/reliability.md. The same code runs the long command ({@code anxin-bench faults}) and the
 * short variants in CI ({@code FaultSuiteIT}); only {@link Sizes} differ.
 */
public final class FaultSuite {

  /**
   * How big each fault is.
   *
   * @param devices devices of each platform fault (a, b, c), and sensors behind each gateway
   * @param rate events/s of the platform faults' devices, and of the sensors during a cut
   * @param before load before a platform fault, and after it
   * @param databaseOutage how long PostgreSQL is stopped (b)
   * @param brokerDown how long the broker stays down between stop and start (c)
   * @param cut how long the uplink is cut (d)
   * @param backlog events queued on the gateway during the cut (d)
   * @param flushBacklog events queued before the gateway is killed in its flush (e)
   * @param diskMb size of the gateway's file system (f)
   * @param diskEvents events the sensors publish while its disk is full (f)
   * @param settle longest wait for everything to arrive after a fault
   * @param gatewayBackoffMax the gateway's {@code uplink.backoff-max-s}: its longest wait between
   *     reconnect attempts, which a long cut grows to
   * @param burst the overload (g)
   */
  public record Sizes(
      int devices,
      double rate,
      Duration before,
      Duration databaseOutage,
      Duration brokerDown,
      Duration cut,
      int backlog,
      int flushBacklog,
      int diskMb,
      int diskEvents,
      Duration settle,
      Duration gatewayBackoffMax,
      Burst burst) {

    /**
     * The overload (g): gateway-batched telemetry at {@code rate} events/s for {@code length}, from
     * {@code devices} devices (enough that none exceeds its per-device rate limit, 20/s after a
     * burst of 200), on top of the steady direct devices.
     */
    public record Burst(double rate, Duration length, int devices) {

      /**
       * Five times 20,000 events/s, the platform's sustainable rate measured on this 2-core machine
       * with its PostgreSQL and Mosquitto (docs/benchmarks.md: 19,870-29,889/s).
       */
      public static final double FIVE_TIMES_SUSTAINABLE = 5 * 20_000;
    }

    /** The figures: 2 min database stop, 10 min cut with 100,000 queued. */
    public static Sizes full() {
      return new Sizes(
          200,
          200,
          Duration.ofSeconds(30),
          Duration.ofMinutes(2),
          Duration.ofSeconds(5),
          Duration.ofMinutes(10),
          100_000,
          50_000,
          4,
          80_000,
          Duration.ofMinutes(10),
          Duration.ofSeconds(60),
          new Burst(Burst.FIVE_TIMES_SUSTAINABLE, Duration.ofSeconds(30), 5_000));
    }

    /** A few minutes in all: 20 s database stop, 30 s cut with 10,000 queued. */
    public static Sizes quick() {
      return new Sizes(
          100,
          150,
          Duration.ofSeconds(10),
          Duration.ofSeconds(20),
          Duration.ofSeconds(2),
          Duration.ofSeconds(30),
          10_000,
          10_000,
          2,
          30_000,
          Duration.ofMinutes(3),
          Duration.ofSeconds(60),
          new Burst(Burst.FIVE_TIMES_SUSTAINABLE, Duration.ofSeconds(10), 2_500));
    }
  }

  /**
   * What to run and with what.
   *
   * @param platform command that runs the platform's CLI, up to the subcommand
   * @param gateway command that runs the gateway, up to (not including) {@code --config FILE}
   */
  public record Options(
      Path work,
      Path pgBin,
      String mosquitto,
      List<String> platform,
      List<String> gateway,
      Map<String, String> gatewayEnv,
      Set<Fault> faults,
      Sizes sizes,
      PrintStream log) {}

  private final Options o;
  private final Sizes s;
  private Rig rig;
  private volatile GatewayProcess gateway; // the running one, for the shutdown hook

  public FaultSuite(Options o) {
    this.o = o;
    this.s = o.sizes();
  }

  /** Runs every fault of the options in order; the outcomes in the same order. */
  public List<Outcome> run() throws Exception {
    Map<String, List<String>> devices = new LinkedHashMap<>();
    for (Fault f : o.faults()) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < devicesOf(f); i++) {
        ids.add(String.format("%s%03d", f.prefix(), i));
      }
      if (f == Fault.OVERLOAD) {
        burstFleet(f).devices().forEach(d -> ids.add(d.id()));
      }
      devices.put(f.facility(), ids);
    }
    List<Outcome> out = new ArrayList<>();
    log("starting PostgreSQL, two Mosquitto brokers and the platform in %s", o.work());
    try (Rig r = new Rig(o.work(), o.pgBin(), o.mosquitto(), o.platform(), devices)) {
      rig = r;
      Thread hook =
          new Thread(
              () -> {
                GatewayProcess g = gateway;
                if (g != null) {
                  g.destroy();
                }
                r.closeQuietly();
              },
              "faults-cleanup");
      Runtime.getRuntime().addShutdownHook(hook); // Ctrl-C: no orphaned servers
      for (Fault f : o.faults()) {
        log("fault %s", f.label());
        Outcome result =
            switch (f) {
              case PLATFORM_KILL, DATABASE_STOP, BROKER_RESTART -> platformFault(f);
              case UPLINK_CUT, GATEWAY_KILL, DISK_FULL -> gatewayFault(f);
              case OVERLOAD -> overload(f);
            };
        log("%s", result);
        out.add(result);
      }
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    return out;
  }

  // ---- (a) (b) (c): devices on the platform's broker --------------------------------------

  private Outcome platformFault(Fault f) throws Exception {
    try (DirectDevices devices =
        new DirectDevices(rig.broker.uri(), f.facility(), f.prefix(), s.devices(), f.ordinal())) {
      devices.start(s.rate());
      sleep(s.before());
      long faultStart = System.nanoTime();
      String detail;
      switch (f) {
        case PLATFORM_KILL -> {
          rig.platform().kill();
          rig.startPlatform();
          detail =
              String.format(
                  Locale.ROOT, "restarted at once, ready after %.1f s", since(faultStart));
        }
        case DATABASE_STOP -> {
          rig.postgres.stop();
          sleep(s.databaseOutage());
          rig.postgres.start();
          detail = "stopped " + s.databaseOutage().toSeconds() + " s";
        }
        case BROKER_RESTART -> {
          rig.broker.close();
          sleep(s.brokerDown());
          rig.broker = rig.broker.restart();
          detail = "down " + s.brokerDown().toSeconds() + " s (clean stop, persistence on)";
        }
        default -> throw new IllegalArgumentException("not a platform fault: " + f);
      }
      // a killed platform recovers from the kill: its restart is part of the recovery
      long faultEnd = f == Fault.PLATFORM_KILL ? faultStart : System.nanoTime();
      long sentAtEnd = devices.sent().size();
      double recovery = awaitStored(f, sentAtEnd, faultEnd);
      sleep(s.before());
      String note = stop(devices);
      note +=
          devices.republished()
              + " publishes repeated by the devices ("
              + devices.unheard()
              + " answered 0x10, no matching subscribers).";
      return settle(f, detail, devices.sent(), devices.alarms(), recovery, note);
    }
  }

  /** Stops the devices and waits for the broker's last PUBACKs; a note when some never came. */
  private String stop(DirectDevices devices) throws InterruptedException {
    devices.stop();
    return devices.awaitAcknowledged(s.settle().toSeconds())
        ? ""
        : devices.unacknowledged() + " events never acknowledged by the broker. ";
  }

  // ---- (g): a burst at 5x the sustainable rate ---------------------------------------------

  private Fleet burstFleet(Fault f) {
    return Fleet.create(f.facility(), f.prefix() + "burst", s.burst().devices());
  }

  /**
   * The steady direct devices (whose alarms are timed from publish to page), and on top of them a
   * burst of gateway-batched telemetry at {@link Sizes#burst()}'s rate; then the backlog drains.
   * Counted like the other faults, plus: alarm latency before and during the burst, and the peaks
   * of what the platform held in memory (from its /metrics).
   */
  private Outcome overload(Fault f) throws Exception {
    Sizes.Burst b = s.burst();
    try (DirectDevices devices =
            new DirectDevices(
                rig.broker.uri(), f.facility(), f.prefix(), s.devices(), f.ordinal());
        GatewayLoad load =
            GatewayLoad.connect(rig.broker.uri(), "faults-burst", burstFleet(f), 50, 32);
        PlatformPeaks peaks = new PlatformPeaks(rig.metricsUrl());
        AlarmFloor floor = new AlarmFloor(rig.broker.uri(), f.facility(), "faults-floor")) {
      Set<String> burstKeys = load.recordKeys();
      devices.start(s.rate());
      sleep(s.before());
      long burstStart = System.nanoTime();
      GatewayLoad.Result r = load.run(b.rate(), b.length(), 100, Duration.ofMillis(50));
      long burstEnd = System.nanoTime();
      long sentAtEnd = devices.sent().size() + burstKeys.size();
      double recovery = awaitStored(f, sentAtEnd, burstEnd);
      long drained = System.nanoTime();
      sleep(s.before());
      String note = stop(devices);
      note +=
          String.format(
              Locale.ROOT,
              "burst published %,.0f events/s (%,d messages, %,d failed at the broker); peaks: %s."
                  + " P1 publish->page before the burst %s; during the burst and its drain %s.",
              r.perSecond(),
              r.messages(),
              r.failed(),
              peaks.summary(),
              alarmLatency(f, devices, floor, Long.MIN_VALUE, burstStart),
              alarmLatency(f, devices, floor, burstStart, drained));
      Set<String> sent = new HashSet<>(devices.sent());
      sent.addAll(burstKeys);
      String detail =
          String.format(
              Locale.ROOT,
              "%,.0f/s for %d s on %,d/s steady",
              b.rate(),
              b.length().toSeconds(),
              (long) s.rate());
      return settle(f, detail, sent, devices.alarms(), recovery, note);
    }
  }

  /**
   * Publish to first page of the alarms first published in [{@code from}, {@code to}): median and
   * maximum, and how many; and beside it the broker's floor for the same alarms, publish to a raw
   * subscriber's receipt ({@link AlarmFloor}).
   */
  private String alarmLatency(Fault f, DirectDevices devices, AlarmFloor floor, long from, long to)
      throws Exception {
    Map<String, Long> published = devices.alarmFirstPublished();
    Map<String, Long> paged = rig.pager.firstPageNanos();
    Map<String, Long> received = floor.arrivals();
    List<Long> millis = new ArrayList<>();
    List<Long> brokerMillis = new ArrayList<>();
    for (Map.Entry<String, String> a : rig.p1Alerts(f.facility()).entrySet()) {
      Long at = published.get(a.getValue());
      Long page = paged.get(a.getKey());
      if (at != null && page != null && at >= from && at < to) {
        millis.add(TimeUnit.NANOSECONDS.toMillis(page - at));
        Long raw = received.get(a.getValue());
        if (raw != null) {
          brokerMillis.add(TimeUnit.NANOSECONDS.toMillis(raw - at));
        }
      }
    }
    if (millis.isEmpty()) {
      return "none (n=0)";
    }
    return medianAndMax(millis) + "; broker alone " + medianAndMax(brokerMillis);
  }

  private static String medianAndMax(List<Long> millis) {
    if (millis.isEmpty()) {
      return "none (n=0)";
    }
    millis.sort(null);
    return String.format(
        Locale.ROOT,
        "p50 %d ms, max %d ms (n=%d)",
        millis.get(millis.size() / 2),
        millis.get(millis.size() - 1),
        millis.size());
  }

  // ---- (d) (e) (f): sensors behind a gateway -----------------------------------------------

  private Outcome gatewayFault(Fault f) throws Exception {
    Path dir = o.work().resolve("gateway-" + f.facility());
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    String note = "";
    if (f == Fault.DISK_FULL) {
      Process m =
          new ProcessBuilder(
                  "mount",
                  "-t",
                  "tmpfs",
                  "-o",
                  "size=" + s.diskMb() + "m",
                  "tmpfs",
                  data.toString())
              .redirectErrorStream(true)
              .start();
      String why = new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (m.waitFor() != 0) {
        return skipped(f, "no tmpfs (mount refused: " + why + "); not run");
      }
    }
    try (TcpProxy proxy = new TcpProxy("127.0.0.1", rig.broker.port());
        Sensors sensors =
            new Sensors(rig.lan.uri(), f.facility(), f.prefix(), devicesOf(f), 4, 16)) {
      Path config = gatewayConfig(f, dir, data, proxy.uri());
      GatewayProcess gw = startGateway(config, dir);
      // messages published before the gateway's first subscription are not queued for it
      if (!rig.lan.awaitLog(" 1 anxin/v1/" + f.facility() + "/+/event", 60)) {
        throw new IOException("the gateway did not subscribe at the LAN broker");
      }
      try {
        proxy.cut();
        long faultStart = System.nanoTime();
        String detail;
        switch (f) {
          case UPLINK_CUT -> {
            double rate = s.backlog() / (s.cut().toSeconds() * 0.8);
            sensors.publish(s.backlog(), rate);
            awaitDrained(sensors);
            sleepUntil(faultStart + s.cut().toNanos());
            proxy.restore();
            detail =
                String.format(Locale.ROOT, "%d s, %,d queued", s.cut().toSeconds(), s.backlog());
          }
          case GATEWAY_KILL -> {
            sensors.publish(s.flushBacklog(), 0);
            awaitDrained(sensors);
            long before = rig.storedCount(f.facility());
            proxy.restore();
            // kill when the platform has the first of the backlog, before it has all of it
            await(() -> rig.storedCount(f.facility()) > before, s.settle());
            long atKill = rig.storedCount(f.facility());
            gw.kill();
            faultStart = System.nanoTime();
            gw = startGateway(config, dir);
            detail =
                String.format(
                    Locale.ROOT, "%,d queued, killed with %,d stored", s.flushBacklog(), atKill);
          }
          case DISK_FULL -> {
            sensors.publish(s.diskEvents(), 0);
            // the journal fills the file system up to its reserve and refuses more; what it
            // cannot store stays on the LAN broker. Restore the link only once it is full.
            Path gwLog = dir.resolve("gateway.log");
            boolean full = await(() -> logContains(gwLog, "kept for acknowledgements"), s.settle());
            note =
                (full ? "journal refused events (file system full to its reserve); " : "")
                    + "df: "
                    + df(data)
                    + " when the link was restored. ";
            proxy.restore();
            detail =
                String.format(
                    Locale.ROOT, "%d MiB tmpfs, %,d published", s.diskMb(), s.diskEvents());
          }
          default -> throw new IllegalArgumentException("not a gateway fault: " + f);
        }
        long faultEnd = f == Fault.GATEWAY_KILL ? faultStart : System.nanoTime();
        long sent = sensors.published();
        double recovery = awaitStored(f, sent, faultEnd);
        if (rig.storedCount(f.facility()) < sent) {
          // Something is missing: give the LAN broker its chance before the counting. When all is
          // stored it holds nothing more for the gateway, and this wait only ran out its 30 s
          // (the broker's $SYS store count rarely settles exactly): 90 s of every CI run.
          awaitDrained(sensors);
        }
        String evicted = evictedNote(dir);
        return settle(
            f,
            detail,
            sensors.sent(),
            sensors.alarms(),
            recovery,
            note
                + "sensor publishes failed at the LAN broker: "
                + sensors.failed()
                + ". "
                + evicted);
      } finally {
        gw.close();
        if (f == Fault.DISK_FULL) {
          new ProcessBuilder("umount", "-l", data.toString()).start().waitFor();
        }
      }
    }
  }

  /**
   * Sensors of a fault. The disk-full fault publishes its events as fast as it can, to fill the
   * disk; spread over enough sensors that none sends more than the platform's per-device burst (200
   * at once, then 20/s, docs/ingest.md), since a real sensor that floods is rate-limited by design
   * and its excess dropped: that would be counted here as lost.
   */
  private int devicesOf(Fault f) {
    return f == Fault.DISK_FULL
        ? Math.max(s.devices(), (int) Math.ceil(s.diskEvents() / 150.0))
        : s.devices();
  }

  private GatewayProcess startGateway(Path config, Path dir) throws Exception {
    List<String> cmd = new ArrayList<>(o.gateway());
    cmd.addAll(List.of("--config", config.toString()));
    GatewayProcess gw = GatewayProcess.start(cmd, o.gatewayEnv(), dir.resolve("gateway.log"));
    gateway = gw;
    if (gw.awaitStartedMillis(120) < 0) {
      gw.kill();
      throw new IOException("the gateway did not start (see " + dir.resolve("gateway.log") + ")");
    }
    return gw;
  }

  private Path gatewayConfig(Fault f, Path dir, Path data, String uplink) throws IOException {
    Path file = dir.resolve("gateway.json");
    Files.writeString(
        file,
        String.format(
            Locale.ROOT,
            "{\"facility\":\"%s\",\"gateway\":\"gw-%s\",\"data.dir\":\"%s\","
                + "\"uplink.uris\":\"%s\",\"lan.mqtt.uri\":\"%s\",\"coap.port\":-1,"
                + "\"journal.segment-mb\":%d,\"uplink.backoff-max-s\":%d}",
            f.facility(),
            f.facility(),
            // absolute: the gateway runs in a directory of its own, where a relative path would
            // put the journal beside, not on, the disk-full fault's tmpfs
            data.toAbsolutePath(),
            uplink,
            rig.lan.uri(),
            f == Fault.DISK_FULL ? 1 : 4,
            s.gatewayBackoffMax().toSeconds()),
        StandardCharsets.UTF_8);
    return file;
  }

  /**
   * Waits, at most 30 s, until the LAN broker has handed the gateway everything. Only a wait: what
   * counts is the counting at the end. The broker's $SYS figures it reads sometimes never settle on
   * "drained" (the retained count is not always reported, and the gateway may leave a retained
   * message or two), so the bound is short rather than the settle time.
   */
  private void awaitDrained(Sensors sensors) throws InterruptedException {
    long seconds = Math.min(30, s.settle().toSeconds());
    if (!sensors.awaitDrained(seconds)) {
      log(
          "the LAN broker may still hold messages for the gateway after %d s (%s)",
          seconds, sensors.storeReport());
    }
  }

  private static String evictedNote(Path dir) throws IOException {
    Path log = dir.resolve("gateway.log");
    long journalErrors = Files.readAllLines(log).stream().filter(l -> l.contains("ERROR")).count();
    return "gateway log ERROR lines: " + journalErrors + ".";
  }

  private static boolean logContains(Path log, String text) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  private static String df(Path data) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("df", "-k", "--output=used,avail", data.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    String[] lines = out.strip().split("\n");
    String[] v = lines[lines.length - 1].trim().split("\\s+");
    return v[0] + " KiB used, " + v[1] + " KiB free";
  }

  // ---- counting ------------------------------------------------------------------------------

  /**
   * Waits until the platform has stored {@code count} events of the fault's facility; returns the
   * seconds from {@code fromNanos}, or -1 when it did not within the settle time.
   */
  private double awaitStored(Fault f, long count, long fromNanos) throws InterruptedException {
    boolean done = await(() -> rig.storedCount(f.facility()) >= count, s.settle());
    return done ? (System.nanoTime() - fromNanos) / 1e9 : -1;
  }

  private Outcome settle(
      Fault f, String detail, Set<String> sent, Set<String> alarms, double recovery, String note)
      throws Exception {
    String path = "/" + f.facility();
    await(
        () -> {
          try {
            return rig.storedCount(f.facility()) >= sent.size()
                && rig.p1Alerts(f.facility()).size() >= alarms.size()
                && pagesOfP1(f, path) >= alarms.size()
                && rig.undelivered(f.facility()) == 0;
          } catch (Exception e) {
            return false;
          }
        },
        s.settle());
    // a page sent twice may come a little after the first: watch a little longer
    sleep(Duration.ofSeconds(3));
    Rig.Stored stored = rig.stored(f.facility());
    Set<String> lost = new HashSet<>(sent);
    lost.removeAll(stored.keys());
    Map<String, String> alerts = rig.p1Alerts(f.facility());
    Map<PageRecorder.Page, Integer> pages = rig.pager.pages(path);
    Set<String> paged = new HashSet<>();
    long twice = 0;
    for (Map.Entry<PageRecorder.Page, Integer> p : pages.entrySet()) {
      twice += p.getValue() - 1;
      if (alerts.containsKey(p.getKey().alert())) {
        paged.add(p.getKey().alert());
      }
    }
    // a second alert for the same device and alarm is a second page for one trigger
    long alertDuplicates = alerts.size() - new HashSet<>(alerts.values()).size();
    Set<String> triggered = new HashSet<>(alerts.values());
    Set<String> unalerted = new HashSet<>(alarms);
    unalerted.removeAll(triggered);
    long missing = alerts.size() - paged.size() + unalerted.size();
    String extra = "";
    if (!lost.isEmpty()) {
      extra += " lost e.g. " + lost.stream().sorted().limit(5).toList() + ".";
    }
    if (!unalerted.isEmpty()) {
      extra += " alarms without an alert: " + unalerted.stream().sorted().limit(5).toList() + ".";
    }
    long undelivered = rig.undelivered(f.facility());
    if (undelivered > 0) {
      extra += " outbox rows not delivered: " + undelivered + ".";
    }
    return new Outcome(
        f,
        detail,
        sent.size(),
        stored.keys().size(),
        lost.size(),
        stored.rows() - stored.keys().size(),
        alarms.size(),
        alerts.size(),
        paged.size(),
        missing,
        twice + alertDuplicates,
        recovery,
        (note + extra).strip());
  }

  private long pagesOfP1(Fault f, String path) throws Exception {
    Map<String, String> alerts = rig.p1Alerts(f.facility());
    return rig.pager.pages(path).keySet().stream()
        .filter(p -> alerts.containsKey(p.alert()))
        .map(PageRecorder.Page::alert)
        .distinct()
        .count();
  }

  private static Outcome skipped(Fault f, String why) {
    return new Outcome(f, "not run", 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, why);
  }

  // ---- time ----------------------------------------------------------------------------------

  /** Polls {@code condition} every 200 ms until it holds or {@code atMost} passes. */
  static boolean await(BooleanSupplier condition, Duration atMost) throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(200);
    }
    return true;
  }

  private static void sleep(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long wait = nanos - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  private static double since(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  private void log(String format, Object... args) {
    o.log().println(String.format(Locale.ROOT, "faults: " + format, args));
  }
}
