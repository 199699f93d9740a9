package anxin.bench;

import anxin.protocol.Event;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.topic.Topic;
import anxin.protocol.topic.Topics;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Open-loop load of a {@link Fleet} behind simulated edge gateways, as care homes are wired: each
 * gateway is a Paho MQTT 5 async client owning every {@code gateways}-th device, and every {@code
 * flush} it publishes the telemetry its devices produced since the last flush as {@code _batch}
 * messages (JSON arrays of at most {@code maxBatch} envelopes, DESIGN §3), QoS 1, with at most
 * {@code window} messages awaiting PUBACK. Events fall due on a fixed schedule whatever happens
 * downstream: a gateway that is held up (window full) sends what fell due meanwhile in more
 * messages afterwards, and the delay shows as a publish rate under target, not as a slower load.
 */
public final class GatewayLoad implements Telemetry {

  /** What one run published. */
  public record Result(long events, long messages, long failed, long nanos, long windowFull) {
    public double perSecond() {
      return events * 1e9 / nanos;
    }
  }

  private final Fleet fleet;
  private final String clientPrefix;
  private final String topic;
  private final List<MqttAsyncClient> clients = new ArrayList<>();
  private final List<Semaphore> windows = new ArrayList<>();
  private final AtomicLong eventsAcked = new AtomicLong();
  private final AtomicLong messagesAcked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong threadCpuNanos = new AtomicLong();
  private final Clock clock = Clock.systemUTC();
  private volatile Set<String> ackedKeys; // null unless recordKeys()

  private GatewayLoad(Fleet fleet, String clientPrefix) {
    this.fleet = fleet;
    this.clientPrefix = clientPrefix;
    this.topic = Topics.event(fleet.facility(), Topic.BATCH);
  }

  public static GatewayLoad connect(
      String serverUri, String clientPrefix, Fleet fleet, int gateways, int window)
      throws MqttException {
    GatewayLoad g = new GatewayLoad(fleet, clientPrefix);
    List<IMqttToken> connecting = new ArrayList<>();
    for (int i = 0; i < gateways; i++) {
      MqttAsyncClient c =
          new MqttAsyncClient(serverUri, clientPrefix + "-" + i, new MemoryPersistence());
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setCleanStart(true);
      o.setSessionExpiryInterval(0L);
      o.setKeepAliveInterval(30);
      connecting.add(c.connect(o)); // all at once: one after the other took 15 s for 50
      g.clients.add(c);
      g.windows.add(new Semaphore(window));
    }
    for (IMqttToken t : connecting) {
      t.waitForCompletion(10_000);
    }
    return g;
  }

  /**
   * From now on, remembers the key {@code device|seq} of every event the broker acknowledges (the
   * fault suite counts them; the benchmarks do not pay for it).
   */
  public Set<String> recordKeys() {
    Set<String> keys = ConcurrentHashMap.newKeySet();
    ackedKeys = keys;
    return keys;
  }

  /** Events acknowledged by the broker so far, over all runs. */
  long eventsAcked() {
    return eventsAcked.get();
  }

  /** CPU time of the gateways' threads that have ended (Paho's threads not included). */
  @Override
  public long threadCpuNanos() {
    return threadCpuNanos.get();
  }

  /** What every thread of this load (its own and its clients') has in its name. */
  @Override
  public String threadNames() {
    return clientPrefix;
  }

  /**
   * Publishes {@code rate} events/s over all gateways for {@code duration}, then waits for the last
   * PUBACK.
   */
  @Override
  public Result run(double rate, Duration duration, int maxBatch, Duration flush)
      throws InterruptedException {
    int n = clients.size();
    long eventsBefore = eventsAcked.get();
    long messagesBefore = messagesAcked.get();
    long failedBefore = failed.get();
    long[] windowFull = new long[n];
    long start = System.nanoTime() + 5_000_000; // every gateway on the same schedule
    long end = start + duration.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int gateway = i;
      Thread t =
          new Thread(
              () -> {
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                long cpu0 = mx.getCurrentThreadCpuTime();
                publish(gateway, rate / n, start, end, maxBatch, flush.toNanos(), windowFull);
                threadCpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - cpu0);
              },
              clientPrefix + "-gw-" + i);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    long nanos = System.nanoTime() - start;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!allAcked() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
    }
    long full = 0;
    for (long w : windowFull) {
      full += w;
    }
    return new Result(
        eventsAcked.get() - eventsBefore,
        messagesAcked.get() - messagesBefore,
        failed.get() - failedBefore,
        nanos,
        full);
  }

  private boolean allAcked() {
    for (int i = 0; i < clients.size(); i++) {
      if (clients.get(i).getPendingTokens().length > 0) {
        return false;
      }
    }
    return true;
  }

  private void publish(
      int gateway,
      double rate,
      long start,
      long end,
      int maxBatch,
      long flushNanos,
      long[] windowFull) {
    MqttAsyncClient client = clients.get(gateway);
    Semaphore window = windows.get(gateway);
    EventCodec codec = new EventCodec();
    SplittableRandom random = new SplittableRandom(gateway * 7919L + System.nanoTime());
    int n = clients.size();
    int device = gateway;
    long sent = 0;
    List<Event> batch = new ArrayList<>(maxBatch);
    for (long tick = start; ; tick += flushNanos) {
      LockSupport.parkNanos(tick - System.nanoTime());
      long now = Math.min(System.nanoTime(), end);
      long due = (long) ((now - start) * rate / 1e9);
      while (sent < due) {
        int size = (int) Math.min(maxBatch, due - sent);
        for (int k = 0; k < size; k++) {
          batch.add(fleet.nextTelemetry(device, clock.instant(), random));
          device += n;
          if (device >= fleet.size()) {
            device = gateway;
          }
        }
        while (!window.tryAcquire()) {
          windowFull[gateway]++;
          LockSupport.parkNanos(100_000);
        }
        send(client, codec.encodeJson(batch), batch, window);
        sent += size;
        batch.clear();
      }
      if (now >= end) {
        return;
      }
    }
  }

  private void send(MqttAsyncClient client, byte[] payload, List<Event> batch, Semaphore window) {
    int events = batch.size();
    Set<String> recorder = ackedKeys;
    String[] keys = recorder == null ? null : new String[events];
    for (int k = 0; keys != null && k < events; k++) {
      keys[k] = batch.get(k).dev() + "|" + batch.get(k).seq();
    }
    MqttActionListener done =
        new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            if (keys != null) {
              recorder.addAll(Arrays.asList(keys));
            }
            eventsAcked.addAndGet(events);
            messagesAcked.incrementAndGet();
            window.release();
          }

          @Override
          public void onFailure(IMqttToken token, Throwable e) {
            failed.addAndGet(events);
            window.release();
          }
        };
    while (true) {
      try {
        client.publish(topic, payload, 1, false, null, done);
        return;
      } catch (MqttException e) {
        if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
          failed.addAndGet(events);
          window.release();
          return; // the devices' seqs are spent: gaps, which the count reports
        }
        LockSupport.parkNanos(50_000);
      }
    }
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
