package anxin.bench;

import anxin.bench.Probes.Kind;
import anxin.bench.coap.CoapLoad;
import anxin.ingest.Device;
import anxin.platform.access.Principal;
import anxin.platform.access.Role;
import anxin.platform.config.ConfigLoader;
import anxin.platform.server.Platform;
import anxin.protocol.Format;
import io.micrometer.core.instrument.DistributionSummary;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The whole platform under load (issue 8): a real {@link Platform} in this process on the machine's
 * PostgreSQL (a scratch database) and broker, fed by {@link GatewayLoad} (telemetry from devices
 * behind gateways, in a {@link LoadProcess} of its own unless {@link Options#loadProcess} is off)
 * and {@link Probes} (rare alarms), its pages read from a caregiver's console stream ({@link
 * PageListener}). Then the same load and probes go to a raw subscriber ({@link FloorListener}) in
 * place of the platform: the broker floor, in the same run.
 *
 * <ol>
 *   <li>at rest: probes only (P1 panics, P2 tampers, door-left-open timers);
 *   <li>steps of rising telemetry rate until one is not sustained (publish rate under 97 % of
 *       target, or not all committed within the drain time, or committed rate under 95 %): the
 *       sustainable rate is the best sustained step's committed rate;
 *   <li>1x and 3x the sustainable rate, with probes all along; then a burst at 5x (issue 9's
 *       overload), and how long its backlog takes to drain, with the peaks of what waits in memory
 *       (MQTT intake, writer backlog, heap) sampled all along;
 *   <li>every event published is counted in SQL (rows and distinct keys);
 *   <li>the platform is stopped and the broker floor measured at rest, 1x, 3x and 5x.
 * </ol>
 */
public final class PlatformBench {

  /** Run settings; {@link #quick} and {@link #full} are the documented ones. */
  public record Options(
      String jdbc,
      String mqtt,
      int devices,
      int gateways,
      int maxBatch,
      Duration flush,
      List<Integer> rates,
      Duration step,
      Duration measure,
      double probesPerSecond,
      int timers,
      Duration leftOpen,
      boolean keepDb,
      boolean alarmWatch,
      boolean burst,
      double coapShare,
      boolean loadProcess) {

    public Options {
      if (!(coapShare >= 0 && coapShare < 1)) {
        throw new IllegalArgumentException("coap share must be in [0, 1): " + coapShare);
      }
    }

    public static Options quick(String jdbc, String mqtt) {
      return new Options(
          jdbc,
          mqtt,
          5000,
          50,
          100,
          Duration.ofMillis(50),
          List.of(10_000, 20_000, 30_000, 40_000, 60_000),
          Duration.ofSeconds(8),
          Duration.ofSeconds(10),
          10,
          10,
          Duration.ofSeconds(5),
          false,
          true,
          true,
          0.02,
          true);
    }

    public static Options full(String jdbc, String mqtt) {
      return new Options(
          jdbc,
          mqtt,
          5000,
          50,
          100,
          Duration.ofMillis(50),
          List.of(10_000, 15_000, 20_000, 25_000, 30_000, 40_000, 50_000, 60_000),
          Duration.ofSeconds(20),
          Duration.ofSeconds(30),
          20,
          40,
          Duration.ofSeconds(10),
          false,
          true,
          true,
          0.02,
          true);
    }
  }

  /**
   * The platform's own timers of the stages of a page, to tell where the time went: ingest (receipt
   * to hand-off, to durable), alerting (receipt to a P1's pages handed to the outbox, the alert's
   * commit not included), the outbox (a notification due to delivered to its channel, the alert's
   * commit included), the event writer (its transactions, events per batch), how many alarms the
   * alarm watch took early, and this JVM's collection pauses (a probe that meets one carries it).
   */
  record Stages(
      long[] counts,
      double[] totalMillis,
      double early,
      long batches,
      double batchedEvents,
      GcPauses gc,
      int gcMark) {
    private static final String[][] TIMERS = {
      {"anxin.ingest.latency", "stage", "handoff"},
      {"anxin.ingest.latency", "stage", "durable"},
      {"anxin.alert.page.latency", "severity", "P1"},
      {"anxin.alert.write", "paging", "true"},
      {"anxin.outbox.delivery", "channel", "console"},
      {"anxin.ingest.write.latency", null, null}
    };
    private static final String[] NAMES = {
      "receipt->alerting",
      "receipt->durable",
      "P1 receipt->outbox",
      "alert's commit",
      "outbox->console",
      "event write transaction"
    };

    static Stages of(Platform platform, GcPauses gc) {
      long[] counts = new long[TIMERS.length];
      double[] totals = new double[TIMERS.length];
      for (int i = 0; i < TIMERS.length; i++) {
        var search = platform.meters().find(TIMERS[i][0]);
        if (TIMERS[i][1] != null) {
          search = search.tag(TIMERS[i][1], TIMERS[i][2]);
        }
        for (io.micrometer.core.instrument.Timer t : search.timers()) {
          counts[i] += t.count();
          totals[i] += t.totalTime(TimeUnit.MILLISECONDS);
        }
      }
      var early = platform.meters().find("anxin.ingest.mqtt.early").functionCounter();
      var batch = platform.meters().find("anxin.ingest.write.batch").summary();
      return new Stages(
          counts,
          totals,
          early == null ? 0 : early.count(),
          batch == null ? 0 : batch.count(),
          batch == null ? 0 : batch.totalAmount(),
          gc,
          gc.mark());
    }

    String since(Stages before) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < NAMES.length; i++) {
        long n = counts[i] - before.counts[i];
        double mean = n == 0 ? Double.NaN : (totalMillis[i] - before.totalMillis[i]) / n;
        b.append(String.format("%s %.2f ms (n=%d), ", NAMES[i], mean, n));
      }
      long n = batches - before.batches;
      b.append(
          String.format(
              "events per write %.0f (n=%d), ",
              n == 0 ? Double.NaN : (batchedEvents - before.batchedEvents) / n, n));
      b.append(String.format("alarms taken early %,.0f, ", early - before.early));
      return b.append(gc.since(before.gcMark)).toString();
    }
  }

  /** One telemetry step. */
  record Step(
      int target, GatewayLoad.Result load, long committed, long drainNanos, CpuMeter.Usage cpu) {
    double committedRate() {
      return committed * 1e9 / (load.nanos() + drainNanos);
    }

    boolean sustained(Duration drainLimit) {
      return load.perSecond() >= 0.97 * target
          && committed == load.events()
          && drainNanos <= drainLimit.toNanos()
          && committedRate() >= 0.95 * target;
    }
  }

  /**
   * One phase's figures. {@code p1}, {@code p2}, {@code timer}: publish (for a timer, due) to the
   * alert's first page handed to the console channel, the measure and the one the targets
   * apply to; {@code onScreen}: the same to the page read from the staff console's stream.
   */
  record Phase(
      String name,
      double rate,
      Probes.Latencies p1,
      Probes.Latencies p2,
      Probes.Latencies timer,
      OnScreen onScreen,
      Probes.Latencies floorP1,
      Probes.Latencies floorP2,
      CpuMeter.Usage cpu,
      Peaks peaks) {

    Phase withFloor(Probes.Latencies floorP1, Probes.Latencies floorP2) {
      return new Phase(name, rate, p1, p2, timer, onScreen, floorP1, floorP2, cpu, peaks);
    }
  }

  /** Publish (or due) to the page read from the console's stream. */
  record OnScreen(Probes.Latencies p1, Probes.Latencies p2, Probes.Latencies timer) {}

  /**
   * The most that waited in memory during a phase and its drain, sampled every 50 ms: MQTT messages
   * received and not yet taken by the pipeline, events queued for the database, heap used (this
   * process: platform and load generator); and how long the backlog took to drain once the load
   * stopped.
   */
  record Peaks(
      int intakeMessages, int alertingTasks, int writerEvents, long heapBytes, long drainMillis) {}

  /** Samples {@link Peaks} on its own thread until closed. */
  private static final class PeakSampler implements AutoCloseable {
    private final Platform platform;
    private final Thread thread;
    private volatile boolean stop;
    private volatile int intake;
    private volatile int alerting;
    private volatile int writer;
    private volatile long heap;

    PeakSampler(Platform platform) {
      this.platform = platform;
      this.thread = new Thread(this::run, "bench-peaks");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      var memory = java.lang.management.ManagementFactory.getMemoryMXBean();
      while (!stop) {
        intake = Math.max(intake, platform.ingest().mqtt().waiting());
        alerting = Math.max(alerting, platform.alerting().backlog());
        writer = Math.max(writer, platform.ingest().backlog());
        heap = Math.max(heap, memory.getHeapMemoryUsage().getUsed());
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
    }

    Peaks peaks(long drainMillis) {
      return new Peaks(intake, alerting, writer, heap, drainMillis);
    }

    @Override
    public void close() throws InterruptedException {
      stop = true;
      thread.join();
    }
  }

  /**
   * The probe phases, in order, each with its own probe devices; the telemetry rate of each is a
   * multiple of the sustainable. {@code warmup} runs first and is not reported: without it the
   * first measured phase also measured the JIT (P1 p99 at rest about 200 ms against 15 ms p50),
   * which flattered every "during the flood / at rest" ratio. It carries telemetry at the first
   * step's rate (since 2026-11-30; probes only before): otherwise the JIT compiled the telemetry's
   * path during the steps and the 1x phase, taking CPU from a machine already at 1.9 of 2 cores.
   */
  private static final List<String> PHASES = List.of("warmup", "rest", "1x", "3x", "5x");

  private static final Duration PAGE_WAIT = Duration.ofSeconds(60);

  private final Options o;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  /** The telemetry devices' ids begin with it (here and in a {@link LoadProcess}). */
  private static final String DEVICE_PREFIX = "dev";

  private final Fleet fleet;
  private final Fleet coapFleet; // null without a CoAP share
  private final List<Step> steps = new ArrayList<>();
  private long coapSent; // CoAP requests of the share, platform phases and steps
  private long coapChanged; // of which answered 2.04 (stored)
  private final Map<String, Long> coapOther = new TreeMap<>();
  private CoapLoad coap; // the CoAP share's clients while the platform runs, else null
  private final List<Phase> phases = new ArrayList<>();
  private final Map<String, List<String>> probesOfPhase = new HashMap<>();
  private long published; // telemetry events acknowledged by the broker, platform phases
  private final GcPauses gcPauses = new GcPauses();
  private long probesSent;

  private PlatformBench(Options o) {
    this.o = o;
    this.fleet = Fleet.create("bench", DEVICE_PREFIX, o.devices());
    // a fifth as many CoAP devices: at 5x a 30,000/s machine's share (15,000/s) each still sends
    // under the platform's 20 events/s rate limit
    this.coapFleet =
        o.coapShare() > 0 ? Fleet.create("bench", "coap", Math.max(1, o.devices() / 5)) : null;
  }

  /** Runs every phase and prints the table; true when every target is met. */
  public static boolean run(Options o, PrintStream out) throws Exception {
    PlatformBench bench = new PlatformBench(o);
    try {
      return bench.runAll(out);
    } finally {
      bench.gcPauses.close();
    }
  }

  private boolean runAll(PrintStream out) throws Exception {
    Instant began = Instant.now();
    out.printf("anxin bench platform, run %s, %s%n", run, began);
    Path dataDir = Files.createTempDirectory("anxin-bench-platform");
    double sustainable;
    long expected;
    // the machine's broker logs when it drops messages queued for a slow subscriber
    MosquittoLog brokerLog = new MosquittoLog(Path.of("/var/log/mosquitto/mosquitto.log"));
    brokerLog.mark();
    long rows;
    long keys;
    try (ScratchDatabase db = ScratchDatabase.create(o.jdbc(), o.keepDb())) {
      out.printf("  database %s, broker %s%n", db.name(), o.mqtt());
      try (Platform platform = startPlatform(db, dataDir);
          Probes probes = Probes.connect(o.mqtt(), "bench-probes-" + run, fleet.facility());
          Telemetry load = connectLoad("bench-gw-" + run)) {
        long t = System.nanoTime();
        String token = provision(platform, db);
        out.printf(
            "  provisioned %,d devices in %.1f s%n", deviceCount(), (System.nanoTime() - t) / 1e9);
        try (PageListener pages =
                new PageListener(
                    "http://127.0.0.1:" + platform.httpPort(), token, platform.console());
            CoapLoad c =
                coapFleet == null
                    ? null
                    : new CoapLoad(
                        coapFleet,
                        Format.JSON,
                        platform.ingest().coap().plainAddress().orElseThrow(),
                        16,
                        2,
                        true)) {
          coap = c;
          CpuMeter meter =
              new CpuMeter(
                  name -> name.contains(load.threadNames()) || (c != null && c.ownsThread(name)),
                  load::threadCpuNanos,
                  load::processCpuNanos);
          // not reported; with telemetry at the first step's rate, so that its code is compiled
          probePhase("warmup", o.rates().get(0), platform, load, probes, pages, meter, out);
          phases.add(probePhase("rest", 0, platform, load, probes, pages, meter, out));
          sustainable = searchSustainable(platform, load, meter, out);
          int base = (int) Math.max(1000, sustainable);
          phases.add(probePhase("1x", base, platform, load, probes, pages, meter, out));
          phases.add(probePhase("3x", 3 * base, platform, load, probes, pages, meter, out));
          if (o.burst()) {
            phases.add(probePhase("5x", 5 * base, platform, load, probes, pages, meter, out));
          }
        }
        coap = null; // closed: the floor has no CoAP server
        // every event published, and every probe, stored exactly once: counted in SQL once the
        // row count stops growing (the commit meter also counts redelivered duplicates)
        expected = published + probesSent;
        long t2 = System.nanoTime();
        awaitCommitted(platform, expected, Duration.ofMinutes(5));
        long[] counts = awaitRows(db, expected);
        rows = counts[0];
        keys = counts[1];
        out.printf(
            "  counted %,d rows in SQL in %.1f s; stopping the platform%n",
            rows, (System.nanoTime() - t2) / 1e9);
        t2 = System.nanoTime();
        platform.close();
        out.printf("  platform stopped in %.1f s%n", (System.nanoTime() - t2) / 1e9);
      }
      floors(out);
    }
    String coapLine =
        coapFleet == null
            ? null
            : String.format(
                "%,d sent from %,d devices, %,d answered 2.04, other %s",
                coapSent, coapFleet.size(), coapChanged, coapOther);
    String session = "client bench-platform-" + run + ".";
    long sessionDrops =
        brokerLog.dropsSinceMark().stream().filter(l -> l.contains(session)).count();
    return PlatformReport.print(
        out,
        began,
        o,
        sustainable,
        steps,
        phases,
        expected,
        coapSent - coapChanged,
        rows,
        keys,
        sessionDrops,
        coapLine);
  }

  private Platform startPlatform(ScratchDatabase db, Path dataDir) throws Exception {
    Map<String, String> v = new HashMap<>();
    v.put("database.url", db.url());
    v.put("database.user", db.user());
    v.put("mqtt.url", o.mqtt());
    v.put("mqtt.client-id", "bench-platform-" + run);
    v.put("mqtt.share-group", "bench-" + run);
    v.put("mqtt.session-expiry", "10s");
    v.put("http.port", "0");
    v.put("data-dir", dataDir.toString());
    v.put("ingest.coap.dtls-port", "0");
    v.put("rules.door.left-open", o.leftOpen().toSeconds() + "s");
    v.put("mqtt.alarm-watch", Boolean.toString(o.alarmWatch()));
    if (coapFleet != null) { // the CoAP share posts plain CoAP on loopback
      v.put("ingest.coap.allow-plain", "true");
      v.put("ingest.coap.port", "0");
      // on 0.0.0.0 the answers come from 127.0.0.1, which Californium's client does not match
      // to requests sent to 0.0.0.0: every request timed out although stored
      v.put("ingest.coap.bind", "127.0.0.1");
    }
    // every severity's first step to the zone's caregiver console; no later steps, so the
    // probes' alerts (never acknowledged) cause no escalation traffic during the run
    v.put("escalation.p1.step.1", "0s; zone_caregivers; console");
    v.put("escalation.p1.step.2", "");
    v.put("escalation.p1.step.3", "");
    v.put("escalation.p2.step.1", "0s; zone_caregivers; console");
    v.put("escalation.p2.step.2", "");
    v.put("escalation.p2.step.3", "");
    v.put("escalation.p3.step.1", "0s; zone_caregivers; console");
    return Platform.start(ConfigLoader.fromValues(v, Map.of()), Clock.systemUTC());
  }

  /** The fleet, the CoAP share's devices and every probe device. */
  private int deviceCount() {
    return fleet.size()
        + (coapFleet == null ? 0 : coapFleet.size())
        + PHASES.size() * probesOfPhase.get("rest").size();
  }

  /** The fleet and every probe device in one facility, one caregiver on duty, her token. */
  private String provision(Platform platform, ScratchDatabase db) throws Exception {
    var p = platform.provisioning();
    p.upsertFacility(fleet.facility(), "Bench home", "Bench county", "Bench region", "UTC");
    Set<String> rooms = new LinkedHashSet<>();
    for (Fleet f : coapFleet == null ? List.of(fleet) : List.of(fleet, coapFleet)) {
      for (int i = 0; i < f.size(); i++) {
        p.upsertDevice(f.device(i), null, null);
        rooms.add(f.device(i).room());
      }
    }
    int perPhase = (int) Math.ceil(o.probesPerSecond() * o.measure().toSeconds()) + o.timers();
    for (String phase : PHASES) {
      List<String> ids = new ArrayList<>();
      for (Kind kind : Kind.values()) {
        int n = kind == Kind.TIMER ? o.timers() : perPhase;
        for (int k = 0; k < n; k++) {
          String id = Probes.deviceId(phase, kind, k);
          p.upsertDevice(
              new Device(
                  id, fleet.facility(), kind.deviceKind, "probe", null, Duration.ofMinutes(60)),
              null,
              null);
          ids.add(id);
        }
      }
      probesOfPhase.put(phase, ids);
    }
    rooms.add("probe");
    try (Connection c = db.connect();
        PreparedStatement zone = c.prepareStatement("INSERT INTO room_zone VALUES (?, ?, 'A')");
        Statement s = c.createStatement()) {
      for (String room : rooms) {
        zone.setString(1, fleet.facility());
        zone.setString(2, room);
        zone.addBatch();
      }
      zone.executeBatch();
      s.execute(
          "INSERT INTO staff (id, facility_id, roles, zones, shifts) VALUES ('bench-cg', '"
              + fleet.facility()
              + "', 'caregiver', 'A', '00:00-12:00; 12:00-00:00')");
    }
    platform.directory().reload();
    String token =
        platform
            .tokens()
            .create(
                new Principal(
                    "bench caregiver",
                    Role.CAREGIVER,
                    "bench-cg",
                    Set.of(fleet.facility()),
                    null,
                    null));
    int devices = deviceCount();
    await(
        () ->
            platform.ingest().registry().size() >= devices
                && platform.ingest().mqtt().isSubscribed(),
        Duration.ofSeconds(60),
        "devices provisioned and ingest subscribed");
    return token;
  }

  /**
   * Probes at {@code probesPerSecond} for {@link Options#measure()} while telemetry runs at {@code
   * rate} (none at rest), then waits for their pages.
   */
  private Phase probePhase(
      String name,
      double rate,
      Platform platform,
      Telemetry load,
      Probes probes,
      PageListener pages,
      CpuMeter meter,
      PrintStream out)
      throws Exception {
    List<String> ids = probesOfPhase.get(name);
    long committedBefore = committed(platform);
    long sentBefore = published + probesSent;
    Stages before = Stages.of(platform, gcPauses);
    CpuMeter.Sample a = meter.sample();
    PeakSampler sampler = new PeakSampler(platform);
    long heldBefore = probes.held();
    GatewayLoad.Result r = sendProbesDuring(rate, load, probes, ids);
    long held = probes.held() - heldBefore;
    long loadEnd = System.nanoTime();
    CpuMeter.Sample b = meter.sample();
    published += r.events();
    Map<String, Long> arrivals = awaitPages(platform, pages, probes, ids);
    Map<String, Long> handed = pages.firstHandedByDevice();
    if (rate > 0) {
      // the backlog a 3x or 5x phase leaves drains before the next phase measures anything; the
      // phase's own events, as for a step: an earlier loss at the broker would hold every phase
      // to the idle timeout
      awaitCommitted(
          platform, committedBefore + published + probesSent - sentBefore, Duration.ofMinutes(5));
    }
    long drain = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadEnd);
    sampler.close();
    Peaks peaks = sampler.peaks(drain);
    Phase phase =
        new Phase(
            name,
            rate,
            Probes.latencies(probes, ids, Kind.P1, handed),
            Probes.latencies(probes, ids, Kind.P2, handed),
            Probes.latencies(probes, ids, Kind.TIMER, handed),
            new OnScreen(
                Probes.latencies(probes, ids, Kind.P1, arrivals),
                Probes.latencies(probes, ids, Kind.P2, arrivals),
                Probes.latencies(probes, ids, Kind.TIMER, arrivals)),
            null,
            null,
            CpuMeter.between(a, b),
            peaks);
    out.printf(
        "  %-4s where the time went, means: %s%n",
        name, Stages.of(platform, gcPauses).since(before));
    out.printf(
        "  %-4s telemetry %,.0f/s (published %,.0f/s): p99 to the channel (to the screen) P1 %.1f"
            + " (%.1f) ms, P2 %.1f (%.1f) ms, timer %.0f (%.0f) ms after due, %d pages missing;"
            + " drained %,d ms after the load, peaks: %,d MQTT messages waiting, %,d tasks for"
            + " alerting, %,d events for the database, heap %,d MiB; cpu platform %.2f (jit %.2f),"
            + " machine %.2f%n",
        name,
        rate,
        r.events() == 0 ? 0.0 : r.perSecond(),
        phase.p1().millis(0.99),
        phase.onScreen().p1().millis(0.99),
        phase.p2().millis(0.99),
        phase.onScreen().p2().millis(0.99),
        phase.timer().millis(0.99),
        phase.onScreen().timer().millis(0.99),
        phase.p1().missing() + phase.p2().missing() + phase.timer().missing(),
        peaks.drainMillis(),
        peaks.intakeMessages(),
        peaks.alertingTasks(),
        peaks.writerEvents(),
        peaks.heapBytes() >> 20,
        phase.cpu().ingest(),
        phase.cpu().jit(),
        phase.cpu().machine());
    if (held > 0) {
      out.printf(
          "  %-4s probes offered again while the probe client's window was full: %,d times (each"
              + " counts from when it was due)%n",
          name, held);
    }
    return phase;
  }

  /**
   * Sends the phase's probes on schedule (timers first, then P1 and P2 alternately) while {@code
   * load} publishes telemetry at {@code rate} on its own threads.
   */
  private GatewayLoad.Result sendProbesDuring(
      double rate, Telemetry load, Probes probes, List<String> ids) throws Exception {
    List<String> timers = ids.stream().filter(d -> d.contains("-timer-")).toList();
    List<String> p1 = ids.stream().filter(d -> d.contains("-p1-")).toList();
    List<String> p2 = ids.stream().filter(d -> d.contains("-p2-")).toList();
    GatewayLoad.Result[] result = new GatewayLoad.Result[1];
    Exception[] failure = new Exception[1];
    Thread telemetry = null;
    if (rate > 0) {
      telemetry =
          new Thread(
              () -> {
                try {
                  result[0] = telemetry(load, rate, o.measure());
                } catch (Exception e) {
                  failure[0] = e;
                }
              },
              load.threadNames() + "-run");
      telemetry.start();
      LockSupport.parkNanos(Duration.ofMillis(500).toNanos()); // load is flowing first
    }
    long start = System.nanoTime();
    long every = (long) (1e9 / o.probesPerSecond());
    int n = (int) (o.probesPerSecond() * (o.measure().toSeconds() - 1));
    for (int k = 0; k < n; k++) {
      long scheduled = start + k * every;
      LockSupport.parkNanos(scheduled - System.nanoTime());
      if (k < timers.size()) {
        probes.send(timers.get(k), Kind.TIMER, scheduled, o.leftOpen());
        probesSent++;
      }
      List<String> pool = k % 2 == 0 ? p1 : p2;
      probes.send(pool.get(k / 2), k % 2 == 0 ? Kind.P1 : Kind.P2, scheduled, Duration.ZERO);
      probesSent++;
    }
    if (telemetry != null) {
      telemetry.join();
      if (failure[0] != null) {
        throw failure[0];
      }
      return result[0];
    }
    return new GatewayLoad.Result(0, 0, 0, 1, 0);
  }

  /**
   * Telemetry at {@code rate} for {@code time}: the CoAP share ({@link Options#coapShare()}) posted
   * by the CoAP devices while the platform runs, the rest published by the gateways (only that rest
   * on the raw floor, which has no CoAP server, so that the broker carries the same load). The
   * result counts the gateways' acknowledged events plus the CoAP requests answered 2.04; a CoAP
   * request answered otherwise (5.03: refused, or its commit took longer than the endpoint waits)
   * or unanswered counts as not published, and may or may not have been stored (the exactly-once
   * check allows for it).
   */
  private GatewayLoad.Result telemetry(Telemetry load, double rate, Duration time)
      throws Exception {
    double share = coapFleet == null ? 0 : o.coapShare();
    CoapLoad c = coap;
    if (c == null) {
      return load.run(rate * (1 - share), time, o.maxBatch(), o.flush());
    }
    CoapLoad.Counts before = c.await(Duration.ZERO);
    Thread posting = new Thread(() -> c.openLoop(rate * share, time), "coapbench-share");
    posting.start();
    GatewayLoad.Result r = load.run(rate * (1 - share), time, o.maxBatch(), o.flush());
    posting.join();
    CoapLoad.Counts after = c.await(Duration.ofSeconds(30));
    long sent = after.sent() - before.sent();
    long changed = after.changed() - before.changed();
    coapSent += sent;
    coapChanged += changed;
    synchronized (coapOther) {
      coapOther.clear();
      coapOther.putAll(after.failures()); // cumulative
      if (after.unanswered() > 0) {
        coapOther.put("unanswered", after.unanswered());
      }
    }
    return new GatewayLoad.Result(
        r.events() + changed,
        r.messages() + sent,
        r.failed() + sent - changed,
        r.nanos(),
        r.windowFull());
  }

  /**
   * Waits for every probe's page, at most {@link #PAGE_WAIT} past the door-left-open time; or, once
   * that time has passed, until the platform has been idle (nothing waiting in the intake or for
   * the database, no new page) for {@link #IDLE}: a probe still missing then was lost before the
   * platform (the stock broker drops what overflows its queue at 3x) and waiting longer only made
   * the quick run slower.
   */
  private Map<String, Long> awaitPages(
      Platform platform, PageListener pages, Probes probes, List<String> ids) {
    long start = System.nanoTime();
    long deadline = start + PAGE_WAIT.toNanos() + o.leftOpen().toNanos();
    long idleAfter = start + o.leftOpen().toNanos();
    int seen = -1;
    long quietSince = start;
    while (true) {
      Map<String, Long> arrivals = pages.firstPageByDevice();
      boolean all = ids.stream().allMatch(d -> probes.sent(d) == null || arrivals.containsKey(d));
      long now = System.nanoTime();
      if (arrivals.size() != seen || !idle(platform)) {
        seen = arrivals.size();
        quietSince = now;
      }
      if (all || now > deadline || now > idleAfter && now - quietSince > IDLE.toNanos()) {
        return arrivals;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  private static final Duration IDLE = Duration.ofSeconds(3);

  /** Nothing waits in the platform's MQTT intake or for its database. */
  private static boolean idle(Platform platform) {
    return platform.ingest().mqtt().waiting() == 0 && platform.ingest().backlog() == 0;
  }

  /** Steps of rising rate until one is not sustained; the best sustained committed rate. */
  private double searchSustainable(
      Platform platform, Telemetry load, CpuMeter meter, PrintStream out) throws Exception {
    Duration drainLimit = o.step().dividedBy(4).plusSeconds(1);
    double best = 0;
    for (int target : o.rates()) {
      long before = committed(platform);
      CpuMeter.Sample a = meter.sample();
      GatewayLoad.Result r = telemetry(load, target, o.step());
      published += r.events();
      long loadEnd = System.nanoTime();
      // this step's own events: a message the stock broker dropped earlier (in the warm-up, on a
      // cold JIT) would otherwise hold every step to the idle timeout and fail it (the
      // exactly-once count at the end still reports the loss)
      awaitCommitted(platform, before + r.events(), drainLimit.multipliedBy(8));
      long drain = System.nanoTime() - loadEnd;
      CpuMeter.Sample b = meter.sample();
      Step s = new Step(target, r, committed(platform) - before, drain, CpuMeter.between(a, b));
      steps.add(s);
      boolean ok = s.sustained(drainLimit);
      out.printf(
          "  step %,6d/s: published %,.0f/s in %,d messages, committed %,.0f/s, drain %,d ms,"
              + " cpu platform %.2f (jit %.2f) gen %.2f mosq %.2f pg %.2f machine %.2f: %s%n",
          target,
          r.perSecond(),
          r.messages(),
          s.committedRate(),
          TimeUnit.NANOSECONDS.toMillis(drain),
          s.cpu().ingest(),
          s.cpu().jit(),
          s.cpu().generator(),
          s.cpu().broker(),
          s.cpu().postgres(),
          s.cpu().machine(),
          ok ? "sustained" : "not sustained");
      if (!ok) {
        break;
      }
      best = Math.max(best, s.committedRate());
    }
    return best;
  }

  /**
   * The telemetry's gateways, connected: in a JVM of their own ({@link Options#loadProcess}), or in
   * this one.
   */
  private Telemetry connectLoad(String clientPrefix) throws Exception {
    if (o.loadProcess()) {
      return LoadProcess.start(
          o.mqtt(), clientPrefix, fleet.facility(), DEVICE_PREFIX, o.devices(), o.gateways(), 32);
    }
    return GatewayLoad.connect(o.mqtt(), clientPrefix, fleet, o.gateways(), 32);
  }

  /** The broker floor: the same load and probes to a raw subscriber, the platform stopped. */
  private void floors(PrintStream out) throws Exception {
    try (FloorListener floor =
            FloorListener.connect(o.mqtt(), "bench-floor-" + run, "bench-floor-" + run);
        Probes probes = Probes.connect(o.mqtt(), "bench-floor-probes-" + run, fleet.facility());
        Telemetry load = connectLoad("bench-floor-gw-" + run)) {
      for (int i = 0; i < phases.size(); i++) {
        Phase p = phases.get(i);
        List<String> ids = probesOfPhase.get(p.name());
        sendProbesDuring(p.rate(), load, probes, ids);
        // a probe the broker dropped never comes (the stock Mosquitto at 5x): counted as missing
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!floor.arrivals().keySet().containsAll(sentIds(probes, ids))
            && System.nanoTime() < deadline) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        Map<String, Long> arrivals = floor.arrivals();
        Phase withFloor =
            p.withFloor(
                Probes.latencies(probes, ids, Kind.P1, arrivals),
                Probes.latencies(probes, ids, Kind.P2, arrivals));
        phases.set(i, withFloor);
        out.printf(
            "  floor %-4s P1 p99 %.2f ms, P2 p99 %.2f ms, %d probes missing%n",
            p.name(),
            withFloor.floorP1().millis(0.99),
            withFloor.floorP2().millis(0.99),
            withFloor.floorP1().missing() + withFloor.floorP2().missing());
      }
    }
  }

  private static List<String> sentIds(Probes probes, List<String> ids) {
    return ids.stream().filter(d -> probes.sent(d) != null && !d.contains("-timer-")).toList();
  }

  /**
   * Rows and distinct keys in {@code event}, once the rows reach {@code expected} or stop growing.
   */
  private static long[] awaitRows(ScratchDatabase db, long expected) throws Exception {
    try (Connection c = db.connect()) {
      long rows = -1;
      long stableSince = System.nanoTime();
      while (true) {
        long now = ScratchDatabase.queryLong(c, "SELECT count(*) FROM event");
        if (now != rows) {
          rows = now;
          stableSince = System.nanoTime();
        }
        if (rows >= expected || System.nanoTime() - stableSince > 3_000_000_000L) {
          break;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
      }
      return new long[] {
        rows, ScratchDatabase.queryLong(c, "SELECT count(DISTINCT (device_id, seq)) FROM event")
      };
    }
  }

  private static long committed(Platform platform) {
    DistributionSummary s = platform.meters().find("anxin.ingest.write.batch").summary();
    return s == null ? 0 : (long) s.totalAmount();
  }

  /**
   * Waits until {@code events} are committed, or {@code limit} passed, or nothing was committed for
   * 15 s (events the broker dropped never come: the exact-once count reports them).
   */
  private static void awaitCommitted(Platform platform, long events, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    long last = committed(platform);
    long progressAt = System.nanoTime();
    while (last < events && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      long now = committed(platform);
      if (now != last) {
        last = now;
        progressAt = System.nanoTime();
      } else if (System.nanoTime() - progressAt > TimeUnit.SECONDS.toNanos(15)
          || System.nanoTime() - progressAt > IDLE.toNanos() && idle(platform)) {
        return; // what is missing was lost before the platform (counted as such at the end)
      }
    }
  }

  private static void await(BooleanSupplier condition, Duration limit, String what) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
