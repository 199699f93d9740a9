package anxin.bench;

import anxin.protocol.Event;
import anxin.protocol.codec.EventCodec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * An open-loop load generator: {@code publishers} Paho MQTT 5 async clients, each owning every
 * {@code publishers}-th device of a {@link Fleet} and publishing its events with QoS 1 on the
 * device's topic at a target rate, with at most {@code window} publishes awaiting PUBACK per
 * client. Events are due on a fixed schedule whatever happens downstream; when the window is full
 * or the guard stops it (more than {@code maxOutstanding} published and not yet delivered, so that
 * the broker's queue for the receiver stays far below Mosquitto's {@code max_queued_messages}), the
 * generator falls behind the schedule and the shortfall shows as a publish rate under target.
 */
final class LoadGenerator implements AutoCloseable {

  /** What one run published. */
  record Result(long published, long failed, long nanos, long windowFull, long guardStops) {
    double perSecond() {
      return published * 1e9 / nanos;
    }
  }

  private static final long NO_LIMIT = Long.MAX_VALUE;

  private final Fleet fleet;
  private final String clientPrefix;
  private final List<MqttAsyncClient> clients = new ArrayList<>();
  private final List<Semaphore> windows = new ArrayList<>();
  private final AtomicLong issued = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong threadCpuNanos = new AtomicLong();
  private final boolean stamped;
  private final Clock clock = Clock.systemUTC();

  private LoadGenerator(Fleet fleet, String clientPrefix, boolean stamped) {
    this.fleet = fleet;
    this.clientPrefix = clientPrefix;
    this.stamped = stamped;
  }

  /**
   * Connects the publishers.
   *
   * @param stamped prefix each payload with the publisher's {@link System#nanoTime()} (8 bytes),
   *     for a receiver in the same process to measure latency; ingest would reject such payloads
   */
  static LoadGenerator connect(
      String serverUri,
      String clientPrefix,
      Fleet fleet,
      int publishers,
      int window,
      boolean stamped)
      throws MqttException {
    LoadGenerator g = new LoadGenerator(fleet, clientPrefix, stamped);
    for (int p = 0; p < publishers; p++) {
      MqttAsyncClient c =
          new MqttAsyncClient(serverUri, clientPrefix + "-" + p, new MemoryPersistence());
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setCleanStart(true);
      o.setSessionExpiryInterval(0L);
      o.setKeepAliveInterval(30);
      c.connect(o).waitForCompletion(10_000);
      g.clients.add(c);
      g.windows.add(new Semaphore(window));
    }
    return g;
  }

  /** Events acknowledged by the broker so far, over all runs. */
  long acked() {
    return acked.get();
  }

  /** CPU time of the generator's own threads so far (Paho's threads not included). */
  long threadCpuNanos() {
    return threadCpuNanos.get();
  }

  /** The prefix of every client id, which Paho also puts in its thread names. */
  String clientPrefix() {
    return clientPrefix;
  }

  /**
   * Publishes at {@code rate} events/s (infinite: as fast as the windows allow) for {@code
   * duration} or until {@code maxEvents} are published, whichever comes first, then waits for the
   * last PUBACK.
   *
   * @param delivered events the receiver has taken so far (for the guard), over all runs
   */
  Result run(
      double rate, Duration duration, long maxEvents, LongSupplier delivered, long maxOutstanding)
      throws InterruptedException {
    int n = clients.size();
    long ackedBefore = acked.get();
    long failedBefore = failed.get();
    long[] windowFull = new long[n];
    long[] guardStops = new long[n];
    long start = System.nanoTime() + 5_000_000; // all threads start on the same schedule
    long end = duration == null ? NO_LIMIT : start + duration.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < n; p++) {
      int publisher = p;
      long limit = maxEvents == NO_LIMIT ? NO_LIMIT : maxEvents / n + (p < maxEvents % n ? 1 : 0);
      Thread t =
          new Thread(
              () -> {
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                long cpu0 = mx.getCurrentThreadCpuTime();
                publish(
                    publisher,
                    rate / n,
                    start,
                    end,
                    limit,
                    delivered,
                    maxOutstanding,
                    windowFull,
                    guardStops);
                threadCpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - cpu0);
              },
              clientPrefix + "-gen-" + p);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    long nanos = System.nanoTime() - start;
    // wait for the last PUBACKs (a broker that stops answering fails the run)
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (acked.get() + failed.get() < issued.get() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
    }
    return new Result(
        acked.get() - ackedBefore,
        failed.get() - failedBefore + (issued.get() - acked.get() - failed.get()),
        nanos,
        sum(windowFull),
        sum(guardStops));
  }

  private void publish(
      int p,
      double rate,
      long start,
      long end,
      long limit,
      LongSupplier delivered,
      long maxOutstanding,
      long[] windowFull,
      long[] guardStops) {
    MqttAsyncClient client = clients.get(p);
    Semaphore window = windows.get(p);
    EventCodec codec = new EventCodec();
    SplittableRandom random = new SplittableRandom(p * 7919L + System.nanoTime());
    MqttActionListener done =
        new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            acked.incrementAndGet();
            window.release();
          }

          @Override
          public void onFailure(IMqttToken token, Throwable e) {
            failed.incrementAndGet();
            window.release();
          }
        };
    int n = clients.size();
    int device = p;
    double perNano = rate / 1e9;
    LockSupport.parkNanos(start - System.nanoTime());
    for (long sent = 0; sent < limit; ) {
      long now = System.nanoTime();
      if (now - end >= 0) {
        break;
      }
      long due = Double.isInfinite(rate) ? limit : (long) ((now - start) * perNano) + 1;
      if (sent >= due) {
        LockSupport.parkNanos(Math.min(200_000, (long) ((sent + 1 - due) / perNano) + 1));
        continue;
      }
      if (issued.get() - delivered.getAsLong() > maxOutstanding) {
        guardStops[p]++;
        LockSupport.parkNanos(200_000);
        continue;
      }
      if (!window.tryAcquire()) {
        windowFull[p]++;
        LockSupport.parkNanos(50_000);
        continue;
      }
      Event e = fleet.next(device, clock.instant(), random);
      byte[] payload = codec.encodeJson(e);
      if (stamped) {
        payload =
            ByteBuffer.allocate(8 + payload.length).putLong(System.nanoTime()).put(payload).array();
      }
      send(client, fleet.topic(device), payload, done);
      sent++;
      device += n;
      if (device >= fleet.size()) {
        device = p;
      }
    }
  }

  private void send(MqttAsyncClient client, String topic, byte[] payload, MqttActionListener done) {
    issued.incrementAndGet();
    while (true) {
      try {
        client.publish(topic, payload, 1, false, null, done);
        return;
      } catch (MqttException e) {
        if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
          failed.incrementAndGet();
          return; // the device's seq is spent: a gap, which verification reports
        }
        LockSupport.parkNanos(50_000); // the broker's receive maximum, below our window
      }
    }
  }

  private static long sum(long[] values) {
    long s = 0;
    for (long v : values) {
      s += v;
    }
    return s;
  }

  @Override
  public void close() {
    for (MqttAsyncClient c : clients) {
      try {
        c.disconnect(5_000).waitForCompletion(5_000);
      } catch (MqttException e) {
        // closing
      }
      try {
        c.close(true);
      } catch (MqttException e) {
        // closing
      }
    }
  }
}
