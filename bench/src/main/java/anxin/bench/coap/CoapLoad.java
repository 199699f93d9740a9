package anxin.bench.coap;

import anxin.bench.Fleet;
import anxin.protocol.Event;
import anxin.protocol.Format;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.topic.Topics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.elements.util.NamedThreadFactory;

/**
 * Californium clients on loopback posting the fleet's events, Confirmable {@code POST /v1/events}
 * with a Content-Format, to one server. Shaped like Californium's own {@code BenchmarkClient}
 * (cf-extplugtest-client): many clients, each with one request outstanding and the next sent when
 * its response arrives (closed loop), sharing one thread pool. Unlike it, every request carries a
 * fresh event of one of the client's devices (its {@code seq} rising), because the ingest endpoint
 * deduplicates by (device, seq). Clients share {@code endpoints} UDP sockets; each socket has its
 * own message-ID space (65,536 per peer and exchange lifetime, RFC 7252 §4.4), so a load is built
 * per run and closed after it.
 */
public final class CoapLoad implements AutoCloseable {

  /** Names of this load's pool threads; its sockets' threads are recognised by their ports. */
  static final String THREAD_PREFIX = "coapbench-client";

  static {
    CoapConfig.register();
    UdpConfig.register();
  }

  /** What came back from a run. */
  public record Counts(long sent, long changed, Map<String, Long> failures, long unanswered) {}

  private final Fleet fleet;
  private final boolean telemetryOnly;
  private final Format format;
  private final InetSocketAddress server;
  private final Clock clock;
  private final ScheduledExecutorService pool;
  private final ScheduledExecutorService timers;
  private final List<CoapEndpoint> endpoints = new ArrayList<>();
  private final List<String> localPorts = new ArrayList<>();
  private final AtomicLong sent = new AtomicLong();
  private final LongAdder changed = new LongAdder();
  private final LongAdder answered = new LongAdder();
  private final Map<String, Long> failures = new TreeMap<>();

  CoapLoad(Fleet fleet, Format format, InetSocketAddress server, int endpointCount, int threads) {
    this(fleet, format, server, endpointCount, threads, false);
  }

  /**
   * @param telemetryOnly only heartbeats and motion ({@link Fleet#nextTelemetry}), as the platform
   *     benchmark's share of CoAP devices sends; otherwise the fleet's whole mix, alarms included
   */
  public CoapLoad(
      Fleet fleet,
      Format format,
      InetSocketAddress server,
      int endpointCount,
      int threads,
      boolean telemetryOnly) {
    this.telemetryOnly = telemetryOnly;
    this.fleet = fleet;
    this.format = format;
    this.server = server;
    this.clock = Clock.systemUTC();
    this.pool =
        ExecutorsUtil.newScheduledThreadPool(threads, new NamedThreadFactory(THREAD_PREFIX + "#"));
    this.timers = ExecutorsUtil.newDefaultSecondaryScheduler(THREAD_PREFIX + "-timer#");
    Configuration config = Configuration.createStandardWithoutFile();
    for (int i = 0; i < endpointCount; i++) {
      CoapEndpoint e =
          CoapEndpoint.builder()
              .setConfiguration(config)
              .setInetSocketAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
              .build();
      e.setExecutors(pool, timers);
      try {
        e.start();
      } catch (java.io.IOException ex) {
        close();
        throw new IllegalStateException("client endpoint did not start", ex);
      }
      endpoints.add(e);
      localPorts.add(":" + e.getAddress().getPort() + "["); // UDP-Receiver-host/ip:port[i]
    }
  }

  /** Whether a thread belongs to this load: its pool, or one of its sockets' connector threads. */
  public boolean ownsThread(String name) {
    if (name.startsWith(THREAD_PREFIX)) {
      return true;
    }
    for (String port : localPorts) {
      if (name.contains(port)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Starts {@code clients} closed-loop clients; each sends its next request when the last one is
   * answered until {@link #stop} is set. Client {@code c} drives devices {@code c, c + clients,
   * ...} in turn and uses endpoint {@code c % endpoints}.
   *
   * @param latency called with each request's time from send to response, nanoseconds
   */
  void startClosedLoop(int clients, AtomicBoolean stop, LongConsumer latency) {
    for (int c = 0; c < clients; c++) {
      new ClosedClient(c, clients, endpoints.get(c % endpoints.size()), stop, latency).send();
    }
  }

  /**
   * Open loop: request {@code i} is due at {@code start + i / rate}, sent by this thread when due
   * (device {@code i % fleet}, endpoint {@code i % endpoints}), and its latency is from when it was
   * due to its response, so a stall of the sender counts (no coordinated omission).
   */
  public Histogram openLoop(double rate, Duration time) {
    ConcurrentHistogram histogram = new ConcurrentHistogram(3);
    SplittableRandom random = new SplittableRandom(7);
    long start = System.nanoTime();
    long end = start + time.toNanos();
    double interval = 1e9 / rate;
    for (long i = 0; ; i++) {
      long due = start + (long) (i * interval);
      if (due >= end) {
        break;
      }
      // Park rather than spin: a spinning sender would take a core from the server on a 2-core box.
      // Latency counts from the due time, so waking late is charged to the request, not hidden.
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        if (wait > 100_000) {
          LockSupport.parkNanos(wait - 50_000);
        } else {
          Thread.onSpinWait();
        }
      }
      int device = (int) (i % fleet.size());
      send(
          endpoints.get((int) (i % endpoints.size())),
          device,
          random,
          due,
          nanos -> histogram.recordValue(nanos),
          null);
    }
    return histogram;
  }

  /** Waits until every request sent has its answer, at most {@code timeout}. */
  public Counts await(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (answered.sum() < sent.get() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(2_000_000);
    }
    synchronized (failures) {
      return new Counts(
          sent.get(), changed.sum(), Map.copyOf(failures), sent.get() - answered.sum());
    }
  }

  /** Requests answered 2.04 so far. */
  long changed() {
    return changed.sum();
  }

  private void send(
      CoapEndpoint endpoint,
      int device,
      SplittableRandom random,
      long startNanos,
      LongConsumer latency,
      Runnable next) {
    Event e =
        telemetryOnly
            ? fleet.nextTelemetry(device, clock.instant(), random)
            : fleet.next(device, clock.instant(), random);
    byte[] payload = format == Format.CBOR ? CODEC.get().encodeCbor(e) : CODEC.get().encodeJson(e);
    Request request = Request.newPost();
    request.getOptions().setUriPath(Topics.COAP_EVENTS_PATH);
    request.getOptions().setContentFormat(format.coapContentFormat());
    request.setPayload(payload);
    request.setDestinationContext(new AddressEndpointContext(server));
    request.addMessageObserver(new Outcome(startNanos, latency, next));
    sent.incrementAndGet();
    endpoint.sendRequest(request);
  }

  private static final ThreadLocal<EventCodec> CODEC = ThreadLocal.withInitial(EventCodec::new);

  private void fail(String what) {
    synchronized (failures) {
      failures.merge(what, 1L, Long::sum);
    }
  }

  /** Counts one request's answer once, records its latency, and starts the next request. */
  private final class Outcome extends MessageObserverAdapter {
    private final long startNanos;
    private final LongConsumer latency;
    private final Runnable next;
    private final AtomicBoolean done = new AtomicBoolean();

    Outcome(long startNanos, LongConsumer latency, Runnable next) {
      this.startNanos = startNanos;
      this.latency = latency;
      this.next = next;
    }

    @Override
    public void onResponse(Response response) {
      if (finish()) {
        latency.accept(System.nanoTime() - startNanos);
        if (response.getCode() == ResponseCode.CHANGED) {
          changed.increment();
        } else {
          fail(response.getCode().text + " " + response.getPayloadString());
        }
        proceed();
        answered.increment(); // after the next one is counted as sent: await() sees no gap
      }
    }

    @Override
    public void onTimeout() {
      failed("timeout");
    }

    @Override
    public void onReject() {
      failed("reset");
    }

    @Override
    public void onCancel() {
      failed("cancelled");
    }

    @Override
    public void onSendError(Throwable error) {
      failed("send error: " + error);
    }

    private void failed(String what) {
      if (finish()) {
        fail(what);
        proceed();
        answered.increment();
      }
    }

    private boolean finish() {
      return done.compareAndSet(false, true);
    }

    private void proceed() {
      if (next != null) {
        next.run();
      }
    }
  }

  /** One closed-loop client: its devices in turn, one request outstanding. */
  private final class ClosedClient {
    private final int first;
    private final int stride;
    private final CoapEndpoint endpoint;
    private final AtomicBoolean stop;
    private final LongConsumer latency;
    private final SplittableRandom random;
    private int device;

    ClosedClient(
        int index, int clients, CoapEndpoint endpoint, AtomicBoolean stop, LongConsumer latency) {
      this.first = index;
      this.stride = clients;
      this.endpoint = endpoint;
      this.stop = stop;
      this.latency = latency;
      this.random = new SplittableRandom(index);
      this.device = index;
    }

    void send() {
      if (stop.get()) {
        return;
      }
      int d = device;
      device += stride;
      if (device >= fleet.size()) {
        device = first;
      }
      CoapLoad.this.send(endpoint, d, random, System.nanoTime(), latency, this::send);
    }
  }

  @Override
  public void close() {
    for (CoapEndpoint e : endpoints) {
      e.destroy();
    }
    pool.shutdownNow();
    timers.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }
}
