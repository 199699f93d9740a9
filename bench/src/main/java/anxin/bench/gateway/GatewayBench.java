package anxin.bench.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * {@code anxin-bench gateway} (docs/benchmarks.md, "Edge gateway"): cold start with and without the
 * CDS archive; steady-state memory with simulated sensors and a backlog built while the platform's
 * broker is down; the backlog's replay rate once it is up, next to a raw Paho floor that publishes
 * the very same batches to the same broker.
 */
public final class GatewayBench {

  /** The run's settings; see {@code anxin-bench gateway --help}. */
  public record Options(
      Path dist,
      String mosquitto,
      int lanPort,
      int platformPort,
      int coapPort,
      int sensors,
      int connections,
      long backlog,
      double steadyRate,
      int steadySeconds,
      int coldRuns,
      int floorRuns,
      String jvmFlags,
      boolean nmt) {}

  static final String FACILITY = "bench";
  static final String GATEWAY = "gw-bench";
  static final int UPLINK_WINDOW = 16; // UplinkConfig's default window

  private final Options o;
  private final Path work;
  private final List<String> report = new ArrayList<>();
  private final List<GatewayProcess> children = new ArrayList<>();

  public GatewayBench(Options o) throws IOException {
    this.o = o;
    this.work = Files.createTempDirectory("anxin-gw-bench-");
    // interrupted (Ctrl-C, SIGTERM): leave no broker or gateway of ours behind
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
  }

  /** Runs everything; true when every target is met. */
  public boolean run() throws Exception {
    if (!Files.isExecutable(o.dist().resolve("bin/anxin-gateway"))) {
      throw new IllegalArgumentException(
          "no gateway distribution at "
              + o.dist()
              + ": build it with ./mvnw -pl edge-gateway -am package -Ppi -DskipTests");
    }
    line("work directory %s (logs, configs, archive)", work);
    line("machine: nproc %d; load before: %s", cores(), uptime());
    line(
        "jvm flags: %s",
        o.jvmFlags() == null ? "the launcher's (bin/anxin-gateway)" : o.jvmFlags());
    boolean met = false;
    try (MosquittoProcess lan = MosquittoProcess.start(o.mosquitto(), o.lanPort(), work);
        Sensors sensors = new Sensors(lan.uri(), FACILITY, o.sensors(), o.connections(), 16)) {
      Path archive = work.resolve("anxin-gateway.jsa");
      try (MosquittoProcess platform =
          MosquittoProcess.start(o.mosquitto(), o.platformPort(), work)) {
        coldStarts(platform, sensors, archive);
      }
      met = memoryAndReplay(sensors, archive);
    } finally {
      for (GatewayProcess g : children) {
        g.close(); // a failed run leaves no gateway behind
      }
    }
    line("load after: %s", uptime());
    System.out.println();
    report.forEach(System.out::println);
    return met;
  }

  private void coldStarts(MosquittoProcess platform, Sensors sensors, Path archive)
      throws Exception {
    try (PlatformSubscriber sub = PlatformSubscriber.connect(platform.uri(), FACILITY, GATEWAY)) {
      // training run: the launcher finds no archive and starts the JVM with ArchiveClassesAtExit
      sub.reset(false);
      GatewayProcess g = start(platform, "training", archive.toString());
      g.awaitStartedMillis(60);
      sub.awaitOnline(60);
      sensors.publish(2_000, 1_000);
      boolean all = sub.awaitDistinct(2_000, 60);
      long t = System.nanoTime();
      g.stop();
      line(
          "CDS training run: 2,000 events through (%s), stop and archive dump %.0f ms, archive %s",
          all ? "all arrived" : "NOT all arrived",
          (System.nanoTime() - t) / 1e6,
          Files.exists(archive) ? Files.size(archive) / 1024 + " KiB" : "NOT WRITTEN");

      List<double[]> plain = new ArrayList<>();
      List<double[]> cds = new ArrayList<>();
      for (int i = 0; i < o.coldRuns(); i++) {
        plain.add(coldStart(platform, sub, "cold-plain-" + i, ""));
        cds.add(coldStart(platform, sub, "cold-cds-" + i, archive.toString()));
      }
      line("");
      line(
          "| cold start (ms, median of %d; min..max) | to `gateway: started` | to `online` status at the platform | RSS after (MiB) |",
          o.coldRuns());
      line("| --- | --- | --- | --- |");
      line(
          "| JDK's default CDS only | %s | %s | %s |",
          stat(plain, 0), stat(plain, 1), stat(plain, 2));
      line(
          "| with the gateway's CDS archive | %s | %s | %s |",
          stat(cds, 0), stat(cds, 1), stat(cds, 2));
      line("");
    }
  }

  private double[] coldStart(
      MosquittoProcess platform, PlatformSubscriber sub, String label, String cds)
      throws Exception {
    sub.reset(false);
    GatewayProcess g = start(platform, label, cds);
    double started = g.awaitStartedMillis(60);
    long online = sub.awaitOnline(60);
    double onlineMs = online == 0 ? -1 : (online - g.startNanos()) / 1e6;
    double rss = g.rssAndPeakKb()[0] / 1024.0;
    g.stop();
    return new double[] {started, onlineMs, rss};
  }

  private boolean memoryAndReplay(Sensors sensors, Path archive) throws Exception {
    Path dataDir = work.resolve("data-memory");
    String platformUri = "tcp://127.0.0.1:" + o.platformPort();
    GatewayProcess g =
        GatewayProcess.start(
            o.dist(),
            config("memory", dataDir, platformUri),
            archive.toString(),
            flags(),
            work.resolve("gateway-memory.log"));
    children.add(g);
    g.awaitStartedMillis(60);
    Sampler sampler = new Sampler(g);
    sampler.start();

    long steadyEvents = (long) (o.steadyRate() * o.steadySeconds());
    long fill = o.backlog() - steadyEvents;
    long t0 = System.nanoTime();
    sensors.publish(fill, 0);
    double published = (System.nanoTime() - t0) / 1e9;
    boolean drained = sensors.awaitDrained(900);
    double journalled = (System.nanoTime() - t0) / 1e9;
    line(
        "backlog: platform broker down; %,d events from %d sensors as fast as the LAN broker took"
            + " them: published in %.1f s, all journalled (fsync, PUBACK to the LAN broker) after"
            + " %.1f s = %,.0f events/s%s",
        fill,
        o.sensors(),
        published,
        journalled,
        fill / journalled,
        drained ? "" : " (NOT drained: timed out)");

    sampler.steady(true);
    sensors.publish(steadyEvents, o.steadyRate());
    sensors.awaitDrained(60);
    sampler.steady(false);
    long queued = sensors.published() - 2_000; // minus the training run's
    String nmt = o.nmt() ? g.jcmd("VM.native_memory summary") : null;
    GatewayProcess.Heap beforeGc = g.heap();
    g.fullGc();
    GatewayProcess.Heap live = g.heap();
    long[] rssNow = g.rssAndPeakKb();
    line(
        "steady state: %d sensors at %.0f events/s in all for %d s, backlog %,d queued, uplink"
            + " refused",
        o.sensors(), o.steadyRate(), o.steadySeconds(), queued);
    line("");
    line("| memory (MiB) | median | max | target |");
    line("| --- | --- | --- | --- |");
    double rssMedian = Sampler.median(sampler.steadyRss());
    double rssMax = Sampler.max(sampler.steadyRss());
    double heapMax = Sampler.max(sampler.steadyHeap());
    line(
        "| RSS (VmRSS) in the steady state, %d samples | %.1f | %.1f | <= 96: %s |",
        sampler.steadyRss().size(), rssMedian, rssMax, rssMax <= 96 ? "met" : "**missed**");
    line(
        "| heap used (young + old, `jcmd GC.heap_info`), %d samples | %.1f | %.1f | <= 48: %s |",
        sampler.steadyHeap().size(),
        Sampler.median(sampler.steadyHeap()),
        heapMax,
        heapMax <= 48 ? "met" : "**missed**");
    line(
        "| heap committed / used before a full GC / live after it | %.1f / %.1f / %.1f | | |",
        live.committedKb() / 1024.0, beforeGc.usedKb() / 1024.0, live.usedKb() / 1024.0);
    line("| metaspace used | %.1f | | |", live.metaspaceUsedKb() / 1024.0);
    line(
        "| RSS at the end: anonymous (heap, stacks, code, malloc) / file-backed (jars, libjvm, CDS"
            + " archives; clean pages the kernel can drop) | %.1f / %.1f | | |",
        rssNow[2] / 1024.0, rssNow[3] / 1024.0);
    line(
        "| RSS peak so far (VmHWM, includes the backlog's build-up) | %.1f | | |",
        rssNow[1] / 1024.0);
    line("");
    if (nmt != null) {
      Files.writeString(work.resolve("nmt-steady.txt"), nmt);
      line("NMT summary in the steady state: %s", work.resolve("nmt-steady.txt"));
    }

    // the outage ends
    sampler.replay(true);
    boolean met = rssMax <= 96 && heapMax <= 48;
    try (MosquittoProcess platform = MosquittoProcess.start(o.mosquitto(), o.platformPort(), work);
        PlatformSubscriber sub = PlatformSubscriber.connect(platform.uri(), FACILITY, GATEWAY)) {
      long reachable = System.nanoTime();
      sub.reset(true);
      long online = sub.awaitOnline(180);
      boolean all = sub.awaitDistinct(queued, 600);
      sampler.replay(false);
      double secs = (sub.lastNanos() - online) / 1e9;
      double rate = queued / secs;
      line(
          "replay: broker up -> gateway online %.1f s (its reconnect backoff); online -> last of"
              + " %,d events %.2f s = **%,.0f events/s** (%,d arrived, %,d distinct, %d alarms"
              + " first, %s); RSS max while replaying %.1f MiB",
          (online - reachable) / 1e9,
          queued,
          secs,
          rate,
          sub.events(),
          sub.distinct(),
          sub.alarmsFirst(),
          all ? "complete" : "INCOMPLETE",
          Sampler.max(sampler.replayRss()));
      List<byte[]> batches = sub.payloads();
      sampler.close();
      g.stop();
      double[] floors = new double[o.floorRuns()];
      for (int i = 0; i < floors.length; i++) {
        floors[i] = rawFloor(platform, sub, batches, queued);
      }
      Arrays.sort(floors);
      double floor = floors[floors.length / 2];
      line(
          "raw floor: one Paho client publishing the same %d batches (QoS 1, window %d) to the same"
              + " broker, same subscriber: %s events/s; gateway / floor = **%.2fx**",
          batches.size(),
          UPLINK_WINDOW,
          Arrays.toString(Arrays.stream(floors).mapToLong(Math::round).toArray()),
          rate / floor);
      line("replay target >= 10,000 events/s: %s", rate >= 10_000 && all ? "met" : "**missed**");
      met &= rate >= 10_000 && all;
    }
    return met;
  }

  private double rawFloor(
      MosquittoProcess platform, PlatformSubscriber sub, List<byte[]> batches, long events)
      throws MqttException, InterruptedException {
    sub.reset(false);
    MqttAsyncClient c = new MqttAsyncClient(platform.uri(), "bench-raw", new MemoryPersistence());
    MqttConnectionOptions opts = new MqttConnectionOptions();
    opts.setCleanStart(true);
    c.connect(opts).waitForCompletion(10_000);
    Semaphore window = new Semaphore(UPLINK_WINDOW);
    MqttActionListener release =
        new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            window.release();
          }

          @Override
          public void onFailure(IMqttToken token, Throwable e) {
            window.release();
          }
        };
    long t0 = System.nanoTime();
    for (byte[] b : batches) {
      window.acquire();
      MqttMessage m = new MqttMessage(b);
      m.setQos(1);
      c.publish(sub.batchTopic(), m, null, release);
    }
    boolean all = sub.awaitDistinct(events, 300);
    double secs = (sub.lastNanos() - t0) / 1e9;
    Sensors.quietClose(c);
    return all ? events / secs : 0;
  }

  private GatewayProcess start(MosquittoProcess platform, String label, String cds)
      throws IOException {
    Path dataDir = work.resolve("data-" + label);
    GatewayProcess g =
        GatewayProcess.start(
            o.dist(),
            config(label, dataDir, platform.uri()),
            cds,
            flags(),
            work.resolve("gateway-" + label + ".log"));
    children.add(g);
    return g;
  }

  private String flags() {
    if (!o.nmt()) {
      return o.jvmFlags();
    }
    String base =
        o.jvmFlags() != null ? o.jvmFlags() : launcherFlags(o.dist().resolve("bin/anxin-gateway"));
    return base + " -XX:NativeMemoryTracking=summary";
  }

  /** The launcher's default flags, read from the script itself so that they cannot drift. */
  static String launcherFlags(Path script) {
    try {
      for (String l : Files.readAllLines(script)) {
        if (l.startsWith("flags=${ANXIN_GATEWAY_JVM_FLAGS:-")) {
          return l.substring("flags=${ANXIN_GATEWAY_JVM_FLAGS:-".length(), l.lastIndexOf('}'));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + script, e);
    }
    throw new IllegalStateException("no default flags in " + script);
  }

  private Path config(String label, Path dataDir, String platformUri) throws IOException {
    Path f = work.resolve("gateway-" + label + ".json");
    Files.writeString(
        f,
        String.format(
            Locale.ROOT,
            "{\"facility\":\"%s\",\"gateway\":\"%s\",\"data.dir\":\"%s\","
                + "\"uplink.uris\":\"%s\",\"lan.mqtt.uri\":\"tcp://127.0.0.1:%d\","
                + "\"coap.bind\":\"127.0.0.1\",\"coap.port\":%d}",
            FACILITY,
            GATEWAY,
            dataDir,
            platformUri,
            o.lanPort(),
            o.coapPort()),
        StandardCharsets.UTF_8);
    return f;
  }

  private static String stat(List<double[]> runs, int column) {
    double[] v = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return String.format(Locale.ROOT, "%.0f (%.0f..%.0f)", v[v.length / 2], v[0], v[v.length - 1]);
  }

  private void line(String format, Object... args) {
    String s = String.format(Locale.ROOT, format, args);
    System.out.println(s);
    report.add(s);
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static String uptime() {
    try {
      String s = Files.readString(Path.of("/proc/loadavg")).trim();
      return String.join(" ", Arrays.copyOf(s.split(" "), 3));
    } catch (IOException e) {
      return "?";
    }
  }

  /** Samples the gateway's RSS every 500 ms and its heap every 5 s (jcmd costs CPU). */
  private static final class Sampler extends Thread {
    private final GatewayProcess g;
    private final List<Double> steadyRss = new ArrayList<>();
    private final List<Double> steadyHeap = new ArrayList<>();
    private final List<Double> replayRss = new ArrayList<>();
    private volatile boolean steady;
    private volatile boolean replay;
    private volatile boolean done;

    Sampler(GatewayProcess g) {
      super("gateway-sampler");
      setDaemon(true);
      this.g = g;
    }

    void steady(boolean on) {
      steady = on;
    }

    void replay(boolean on) {
      replay = on;
    }

    synchronized List<Double> steadyRss() {
      return List.copyOf(steadyRss);
    }

    synchronized List<Double> steadyHeap() {
      return List.copyOf(steadyHeap);
    }

    synchronized List<Double> replayRss() {
      return List.copyOf(replayRss);
    }

    void close() throws InterruptedException {
      done = true;
      join();
    }

    @Override
    public void run() {
      int tick = 0;
      while (!done) {
        try {
          double rss = g.rssAndPeakKb()[0] / 1024.0;
          boolean s = steady;
          Double heap = s && tick % 10 == 0 ? g.heap().usedKb() / 1024.0 : null;
          synchronized (this) {
            if (s) {
              steadyRss.add(rss);
              if (heap != null) {
                steadyHeap.add(heap);
              }
            }
            if (replay) {
              replayRss.add(rss);
            }
          }
          tick = s ? tick + 1 : 0;
          TimeUnit.MILLISECONDS.sleep(500);
        } catch (IOException e) {
          return; // the process ended
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    static double median(List<Double> v) {
      if (v.isEmpty()) {
        return Double.NaN;
      }
      List<Double> s = new ArrayList<>(v);
      s.sort(null);
      return s.get(s.size() / 2);
    }

    static double max(List<Double> v) {
      return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
  }
}
