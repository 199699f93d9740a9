package anxin.bench.faults;

import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.topic.Topics;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Devices that talk to the platform's broker themselves (Wi-Fi and NB-IoT devices, DESIGN §3):
 * {@code count} devices named {@code prefix} and a three-digit number, each with its own rising
 * seq, single JSON envelopes with QoS 1 on their own topics, at a steady rate from a thread of
 * their own. Like real firmware they keep every event until the broker acknowledges it (PUBACK): an
 * event without one after 5 s, whose publish failed (broker down), or whose PUBACK says the broker
 * dropped it (0x10, no matching subscribers, docs/protocol.md §8), is published again, so nothing
 * the suite counts as sent is given up by the sender; the platform must deduplicate the repeats.
 * The mix is 60 % heartbeat, 39.6 % motion, 0.2 % fall, 0.2 % panic.
 */
public final class DirectDevices implements AutoCloseable {

  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final int WINDOW = 16; // below Mosquitto's default receive maximum, 20
  private static final int NO_MATCHING_SUBSCRIBERS = 0x10;

  private record Pending(String topic, byte[] payload, long sentNanos) {}

  private final MqttAsyncClient client;
  private final String facility;
  private final String[] devices;
  private final long[] seqs;
  private final EventCodec codec = new EventCodec();
  private final SplittableRandom random;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Set<String> sent = ConcurrentHashMap.newKeySet();
  private final Set<String> alarms = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> alarmFirstNanos = new ConcurrentHashMap<>();
  private final Semaphore window = new Semaphore(WINDOW);
  private final AtomicLong republished = new AtomicLong();
  private final AtomicLong unheard = new AtomicLong();
  private volatile boolean running;
  private Thread publisher;
  private Thread retrier;
  private int next;

  public DirectDevices(String uri, String facility, String prefix, int count, long seed)
      throws MqttException {
    this.facility = facility;
    this.devices = new String[count];
    this.seqs = new long[count];
    for (int i = 0; i < count; i++) {
      devices[i] = String.format("%s%03d", prefix, i);
      seqs[i] = 1;
    }
    this.random = new SplittableRandom(seed);
    client = new MqttAsyncClient(uri, "fault-devices-" + prefix, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setKeepAliveInterval(10);
    o.setAutomaticReconnect(true);
    o.setAutomaticReconnectDelay(1, 2);
    o.setConnectionTimeout(5);
    client.connect(o).waitForCompletion(10_000);
  }

  public List<String> devices() {
    return List.of(devices);
  }

  /** Starts publishing {@code perSecond} events/s until {@link #stop}. */
  public synchronized void start(double perSecond) {
    running = true;
    publisher = new Thread(() -> publishLoop(perSecond), "fault-devices-publish");
    retrier = new Thread(this::retryLoop, "fault-devices-retry");
    publisher.setDaemon(true);
    retrier.setDaemon(true);
    publisher.start();
    retrier.start();
  }

  /** Stops generating new events; events not yet acknowledged are still retried. */
  public void stop() throws InterruptedException {
    running = false;
    if (publisher != null) {
      publisher.join();
    }
  }

  /** Every (device, seq) generated, as {@code device|seq}. */
  public Set<String> sent() {
    return new HashSet<>(sent);
  }

  /** Every (device, alarm type) generated, as {@code device|type}. */
  public Set<String> alarms() {
    return new HashSet<>(alarms);
  }

  /** {@link System#nanoTime()} when each {@code device|type} of {@link #alarms} was first sent. */
  public Map<String, Long> alarmFirstPublished() {
    return Map.copyOf(alarmFirstNanos);
  }

  /** Events generated and not yet acknowledged by the broker. */
  public int unacknowledged() {
    return pending.size();
  }

  /** Publishes made again (no PUBACK in time, or the broker was down). */
  public long republished() {
    return republished.get();
  }

  /** PUBACKs with reason 0x10 (no matching subscribers) or an error: published again. */
  public long unheard() {
    return unheard.get();
  }

  private void publishLoop(double perSecond) {
    long t0 = System.nanoTime();
    long i = 0;
    try {
      while (running) {
        long due = t0 + (long) (i * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(Math.min(wait, 100_000_000));
          continue;
        }
        if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue; // broker down or slow: fall behind the schedule, as a device would
        }
        int d = next;
        next = (next + 1) % devices.length;
        Event e = nextEvent(d);
        String key = e.dev() + "|" + e.seq();
        sent.add(key);
        Pending p = new Pending(Topics.event(facility, e.dev()), codec.encodeJson(e), 0);
        pending.put(key, p);
        send(key, p);
        i++;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void retryLoop() {
    try {
      while (running || !pending.isEmpty()) {
        Thread.sleep(500);
        if (!client.isConnected()) {
          continue;
        }
        long now = System.nanoTime();
        for (Map.Entry<String, Pending> en : pending.entrySet()) {
          Pending p = en.getValue();
          if (now - p.sentNanos() > RETRY_NANOS) {
            republished.incrementAndGet();
            send(en.getKey(), p);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void send(String key, Pending p) {
    Pending stamped = new Pending(p.topic(), p.payload(), System.nanoTime());
    if (pending.replace(key, stamped) == null) {
      return; // acknowledged meanwhile
    }
    MqttMessage m = new MqttMessage(p.payload());
    m.setQos(1);
    try {
      client.publish(
          p.topic(),
          m,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              int[] reasons = token.getReasonCodes();
              int reason = reasons == null || reasons.length == 0 ? 0 : reasons[0];
              if (reason == NO_MATCHING_SUBSCRIBERS || reason >= 0x80) {
                unheard.incrementAndGet(); // dropped by the broker: docs/protocol.md §8
                retryNow(key);
              } else if (pending.remove(key) != null) {
                window.release();
              }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              retryNow(key);
            }
          });
    } catch (MqttException e) {
      retryNow(key); // not connected, or too many in flight: the retrier sends it again
    }
  }

  private void retryNow(String key) {
    pending.computeIfPresent(key, (k, p) -> new Pending(p.topic(), p.payload(), 0));
  }

  private Event nextEvent(int d) {
    double r = random.nextDouble();
    EventType type;
    Map<String, Object> data = Map.of();
    if (r < 0.60) {
      type = EventType.HEARTBEAT;
    } else if (r < 0.996) {
      type = EventType.MOTION;
    } else if (r < 0.998) {
      type = EventType.FALL;
      data = Map.of(Event.DATA_CONFIDENCE, 0.9);
    } else {
      type = EventType.PANIC;
    }
    if (type.isAlarm()) {
      String alarm = devices[d] + "|" + type.wireName();
      alarms.add(alarm);
      alarmFirstNanos.putIfAbsent(alarm, System.nanoTime());
    }
    long seq = seqs[d];
    seqs[d] = Event.nextSeq(seq);
    return new Event(devices[d], seq, type, System.currentTimeMillis(), 80, -60, data);
  }

  /** Waits until every event generated is acknowledged by the broker; false on timeout. */
  public boolean awaitAcknowledged(long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (!pending.isEmpty()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(100);
    }
    return true;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    if (publisher != null) {
      publisher.join();
    }
    pending.clear();
    if (retrier != null) {
      retrier.join();
    }
    anxin.bench.gateway.Sensors.quietClose(client);
  }
}
