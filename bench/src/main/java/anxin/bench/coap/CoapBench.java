package anxin.bench.coap;

import anxin.bench.CpuMeter;
import anxin.bench.Fleet;
import anxin.bench.ScratchDatabase;
import anxin.protocol.Format;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Our CoAP ingest endpoint against a bare Californium server, in one run and one process: rounds of
 * a closed-loop load (throughput, and latency at saturation) against each in turn, then an
 * open-loop load at a fixed rate against each (latency), then SQL counts that every request
 * answered 2.04 by ingest is exactly one row. Call {@link #run}, then {@link #print}.
 */
public final class CoapBench {

  /** Requests still unanswered this long after a load stops are reported as lost. */
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

  /**
   * What to run.
   *
   * @param adminJdbcUrl a database to connect to for CREATE/DROP DATABASE
   * @param format the events' wire format (Content-Format 50 or 60)
   * @param devices provisioned devices; each request carries the next event of one of them
   * @param clients closed-loop clients, each with one request outstanding (at most {@code devices})
   * @param endpoints client UDP sockets the clients share (at most {@code clients})
   * @param clientThreads threads of the client pool the sockets share
   * @param rounds closed-loop runs against each server, alternately, bare first
   * @param warmup closed-loop time before measuring, each run
   * @param measure closed-loop time measured, each run
   * @param latencyRate open-loop rate, requests/s, the same against both servers; 0 for half the
   *     median closed-loop rate of ingest in this run (below both servers' capacity whatever the
   *     machine's load)
   * @param latencyTime open-loop time against each server
   * @param target ingest requests/s over bare requests/s needed
   * @param keepDatabase leave the scratch database in place
   */
  public record Options(
      String adminJdbcUrl,
      Format format,
      int devices,
      int clients,
      int endpoints,
      int clientThreads,
      int rounds,
      Duration warmup,
      Duration measure,
      double latencyRate,
      Duration latencyTime,
      double target,
      boolean keepDatabase) {

    /** Checks every value and reports every problem at once. */
    public Options {
      List<String> problems = new ArrayList<>();
      if (devices < 1) {
        problems.add("devices must be positive: " + devices);
      }
      if (clients < 1 || clients > devices) {
        problems.add("clients must be 1.." + devices + " (devices): " + clients);
      }
      if (endpoints < 1 || endpoints > clients) {
        problems.add("endpoints must be 1.." + clients + " (clients): " + endpoints);
      }
      if (clientThreads < 1) {
        problems.add("client threads must be positive: " + clientThreads);
      }
      if (rounds < 1) {
        problems.add("rounds must be positive: " + rounds);
      }
      if (measure.isNegative() || measure.isZero() || warmup.isNegative()) {
        problems.add("measure must be positive, warmup not negative: " + measure + ", " + warmup);
      }
      if (!(latencyRate >= 0) || latencyTime.isNegative() || latencyTime.isZero()) {
        problems.add(
            "latency rate must be >= 0 and time positive: " + latencyRate + ", " + latencyTime);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid coap bench options: " + problems);
      }
    }
  }

  /** Which server a figure is of. */
  public enum Server {
    BARE("bare Californium"),
    INGEST("ingest /v1/events");

    private final String label;

    Server(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * One closed-loop run against one server.
   *
   * @param perSecond 2.04 answers per second over the measured time
   * @param latency send to response of the requests answered in the measured time, nanoseconds
   * @param sent requests sent in the whole run, warm-up included
   * @param changed of those, answered 2.04
   * @param failures other answers and errors by kind, whole run
   * @param unanswered requests with no answer {@link #ANSWER_TIMEOUT} after the load stopped
   * @param cpu over the measured time, in cores; generator = the client threads
   */
  public record Run(
      Server server,
      double perSecond,
      Histogram latency,
      long sent,
      long changed,
      Map<String, Long> failures,
      long unanswered,
      CpuMeter.Usage cpu) {}

  /** The open-loop run against one server; latency from due to response, nanoseconds. */
  public record Latency(
      Server server,
      double rate,
      Histogram latency,
      long sent,
      long changed,
      Map<String, Long> failures,
      long unanswered) {}

  /**
   * The SQL check over the whole run: every request ingest answered 2.04 is one row, each (device,
   * seq) once.
   */
  public record Verification(long changed, long rows, long distinct) {
    public boolean exact() {
      return rows == changed && distinct == changed;
    }
  }

  /** All figures of a run. */
  public record Result(
      Instant began,
      double seconds,
      List<Run> bare,
      List<Run> ingest,
      Latency bareLatency,
      Latency ingestLatency,
      Verification verification) {

    /** Median over rounds of ingest/bare requests/s, each round's pair taken together. */
    public double ratio() {
      double[] r = new double[bare.size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = ingest.get(i).perSecond() / bare.get(i).perSecond();
      }
      return median(r);
    }

    /** Ratio at least {@code target}, SQL exact, and every ingest request answered 2.04. */
    public boolean met(double target) {
      boolean clean =
          ingest.stream().allMatch(r -> r.failures().isEmpty() && r.unanswered() == 0)
              && ingestLatency.failures().isEmpty()
              && ingestLatency.unanswered() == 0;
      return ratio() >= target && verification.exact() && clean;
    }
  }

  private CoapBench() {}

  /** Runs everything; the scratch database is dropped at the end unless kept. */
  public static Result run(Options o) throws Exception {
    Instant began = Instant.now();
    long t0 = System.nanoTime();
    Fleet fleet = Fleet.create("bench-coap", "cb", o.devices());
    try (ScratchDatabase db = ScratchDatabase.create(o.adminJdbcUrl(), o.keepDatabase());
        IngestTarget ingest = new IngestTarget(db, fleet);
        BareServer bare = new BareServer()) {
      InetSocketAddress bareAddress = bare.start();
      List<Run> bareRuns = new ArrayList<>();
      List<Run> ingestRuns = new ArrayList<>();
      for (int round = 0; round < o.rounds(); round++) {
        bareRuns.add(closedLoop(Server.BARE, bareAddress, fleet, o));
        ingestRuns.add(closedLoop(Server.INGEST, ingest.address(), fleet, o));
      }
      double rate =
          o.latencyRate() > 0
              ? o.latencyRate()
              : 0.5 * median(ingestRuns.stream().mapToDouble(Run::perSecond).toArray());
      Latency bareLatency = openLoop(Server.BARE, bareAddress, fleet, rate, o);
      Latency ingestLatency = openLoop(Server.INGEST, ingest.address(), fleet, rate, o);
      ingest.drain(ANSWER_TIMEOUT);
      long changed = ingestRuns.stream().mapToLong(Run::changed).sum() + ingestLatency.changed();
      long[] rows = ingest.countRows();
      return new Result(
          began,
          (System.nanoTime() - t0) / 1e9,
          bareRuns,
          ingestRuns,
          bareLatency,
          ingestLatency,
          new Verification(changed, rows[0], rows[1]));
    }
  }

  private static Run closedLoop(Server server, InetSocketAddress address, Fleet fleet, Options o)
      throws InterruptedException {
    try (CoapLoad load =
        new CoapLoad(fleet, o.format(), address, o.endpoints(), o.clientThreads())) {
      CpuMeter meter = new CpuMeter(load::ownsThread);
      ConcurrentHistogram latency = new ConcurrentHistogram(3);
      AtomicBoolean measuring = new AtomicBoolean();
      AtomicBoolean stop = new AtomicBoolean();
      load.startClosedLoop(
          o.clients(),
          stop,
          nanos -> {
            if (measuring.get()) {
              latency.recordValue(nanos);
            }
          });
      Thread.sleep(o.warmup().toMillis());
      CpuMeter.Sample a = meter.sample();
      long from = System.nanoTime();
      long before = load.changed();
      measuring.set(true);
      Thread.sleep(o.measure().toMillis());
      long after = load.changed();
      long to = System.nanoTime();
      measuring.set(false);
      CpuMeter.Sample b = meter.sample();
      stop.set(true);
      CoapLoad.Counts counts = load.await(ANSWER_TIMEOUT);
      return new Run(
          server,
          (after - before) * 1e9 / (to - from),
          latency,
          counts.sent(),
          counts.changed(),
          counts.failures(),
          counts.unanswered(),
          CpuMeter.between(a, b));
    }
  }

  private static Latency openLoop(
      Server server, InetSocketAddress address, Fleet fleet, double rate, Options o) {
    try (CoapLoad load =
        new CoapLoad(fleet, o.format(), address, o.endpoints(), o.clientThreads())) {
      Histogram latency = load.openLoop(rate, o.latencyTime());
      CoapLoad.Counts counts = load.await(ANSWER_TIMEOUT);
      return new Latency(
          server,
          rate,
          latency,
          counts.sent(),
          counts.changed(),
          counts.failures(),
          counts.unanswered());
    }
  }

  static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** The run's table. */
  public static void print(Options o, Result r, java.io.PrintStream out) {
    CoapReport.print(o, r, out);
  }
}
