package anxin.bench.gateway;

import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Simulated sensors that speak the wire contract on the LAN broker: {@code devices} devices, each
 * with its own rising seq, publishing single JSON envelopes with QoS 1 on their own event topics
 * over {@code connections} Paho clients (the gateway sees only topics, not connections), each with
 * at most {@code window} publishes unacknowledged (below the broker's Receive Maximum, 20). The mix
 * is 55 % heartbeat, 41.5 % motion, 3.2 % doors, 0.2 % falls, 0.1 % panics (while the uplink is
 * down the gateway's fallback also raises every alarm locally). {@link #awaitDrained} reads the
 * broker's {@code $SYS}: it stores only its retained messages once the gateway has acknowledged,
 * i.e. journalled, everything.
 */
public final class Sensors implements AutoCloseable {

  private static final String STORE_COUNT = "$SYS/broker/store/messages/count";
  private static final String SUBSCRIPTIONS = "$SYS/broker/subscriptions/count";

  private final String facility;
  private final List<MqttAsyncClient> clients = new ArrayList<>();
  private final MqttAsyncClient sys;
  private final String[] devices;
  private final long[] seqs;
  private final EventCodec codec = new EventCodec();
  private final SplittableRandom random = new SplittableRandom(42);
  private final Semaphore[] windows;
  private final MqttActionListener[] releases;
  private final int windowSize;
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong storeCount = new AtomicLong(-1);
  private final AtomicLong retainedCount = new AtomicLong(-1);
  private volatile long idleStore = -1;
  private final AtomicLong subscriptionCount = new AtomicLong(-1);
  private final java.util.Set<String> alarms = new java.util.HashSet<>();
  private long published;
  private int next;

  Sensors(String uri, String facility, int devices, int connections, int window)
      throws MqttException {
    this(uri, facility, "sensor-", devices, connections, window);
  }

  /** Sensors named {@code prefix} and a three-digit number, from 000. */
  public Sensors(
      String uri, String facility, String prefix, int devices, int connections, int window)
      throws MqttException {
    this.facility = facility;
    this.devices = new String[devices];
    this.seqs = new long[devices];
    for (int i = 0; i < devices; i++) {
      this.devices[i] = String.format("%s%03d", prefix, i);
      this.seqs[i] = 1;
    }
    this.windowSize = window;
    this.windows = new Semaphore[connections];
    this.releases = new MqttActionListener[connections];
    for (int c = 0; c < connections; c++) {
      MqttAsyncClient client =
          new MqttAsyncClient(uri, "bench-" + prefix + c, new MemoryPersistence());
      client.connect(options()).waitForCompletion(10_000);
      clients.add(client);
      windows[c] = new Semaphore(window);
      releases[c] = release(windows[c]);
    }
    sys = new MqttAsyncClient(uri, "bench-sys-" + prefix, new MemoryPersistence());
    sys.setCallback(
        new MqttCallback() {
          @Override
          public void messageArrived(String topic, MqttMessage message) {
            long n = Long.parseLong(new String(message.getPayload(), StandardCharsets.US_ASCII));
            if (topic.equals(SUBSCRIPTIONS)) {
              subscriptionCount.set(n);
            } else {
              (topic.contains("retained") ? retainedCount : storeCount).set(n);
            }
          }

          @Override
          public void disconnected(MqttDisconnectResponse response) {}

          @Override
          public void mqttErrorOccurred(MqttException e) {}

          @Override
          public void deliveryComplete(IMqttToken token) {}

          @Override
          public void connectComplete(boolean reconnect, String serverUri) {}

          @Override
          public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
    sys.connect(options()).waitForCompletion(10_000);
    sys.subscribe(
            new String[] {STORE_COUNT, "$SYS/broker/retained messages/count", SUBSCRIPTIONS},
            new int[] {0, 0, 0})
        .waitForCompletion(10_000);
  }

  private static MqttConnectionOptions options() {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setKeepAliveInterval(30);
    return o;
  }

  /**
   * Publishes {@code count} events, device after device in turn, at {@code perSecond} (0: as fast
   * as the window of unacknowledged publishes allows); returns when all are acknowledged by the
   * broker.
   */
  public void publish(long count, double perSecond) throws InterruptedException, MqttException {
    if (idleStore < 0) {
      idleStore = storeCount.get(); // before our first publish: what the broker keeps at rest
    }
    long t0 = System.nanoTime();
    for (long i = 0; i < count; i++) {
      if (perSecond > 0) {
        long due = t0 + (long) (i * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      int d = next;
      next = (next + 1) % devices.length;
      int c = d % clients.size();
      windows[c].acquire();
      MqttMessage m = new MqttMessage(codec.encodeJson(nextEvent(d)));
      m.setQos(1);
      clients.get(c).publish(Topics.event(facility, devices[d]), m, null, releases[c]);
      published++;
    }
    for (Semaphore w : windows) {
      w.acquire(windowSize);
      w.release(windowSize);
    }
  }

  private MqttActionListener release(Semaphore window) {
    return new MqttActionListener() {
      @Override
      public void onSuccess(IMqttToken token) {
        window.release();
      }

      @Override
      public void onFailure(IMqttToken token, Throwable e) {
        failed.incrementAndGet();
        window.release();
      }
    };
  }

  private Event nextEvent(int d) {
    double r = random.nextDouble();
    EventType type;
    Map<String, Object> data = Map.of();
    if (r < 0.55) {
      type = EventType.HEARTBEAT;
    } else if (r < 0.965) {
      type = EventType.MOTION;
    } else if (r < 0.997) {
      type = r < 0.981 ? EventType.DOOR_OPEN : EventType.DOOR_CLOSE;
      data = Map.of(Event.DATA_DOOR, "main");
    } else if (r < 0.999) {
      type = EventType.FALL;
      data = Map.of(Event.DATA_CONFIDENCE, 0.9);
    } else {
      type = EventType.PANIC;
    }
    long seq = seqs[d];
    seqs[d] = Event.nextSeq(seq);
    if (type.isAlarm()) {
      alarms.add(devices[d] + "|" + type.wireName());
    }
    return new Event(devices[d], seq, type, System.currentTimeMillis(), 80, -60, data);
  }

  public long published() {
    return published;
  }

  /** Every (device, seq) published so far, as {@code device|seq}. */
  public java.util.Set<String> sent() {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (int d = 0; d < devices.length; d++) {
      for (long s = 1; s < seqs[d]; s++) {
        out.add(devices[d] + "|" + s);
      }
    }
    return out;
  }

  /** Every (device, alarm type) published so far, as {@code device|type}. */
  public java.util.Set<String> alarms() {
    return java.util.Set.copyOf(alarms);
  }

  /** The device ids. */
  public List<String> devices() {
    return List.of(devices);
  }

  public long failed() {
    return failed.get();
  }

  /**
   * Subscriptions the broker reports ({@code $SYS}, persistent sessions' included), once the report
   * includes this client's own three: Mosquitto publishes the figure only when it changes, so the
   * first (retained) report may predate them.
   */
  public long subscriptions() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (subscriptionCount.get() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return subscriptionCount.get();
  }

  /**
   * Waits until the broker reports more than {@code count} subscriptions: a gateway that has just
   * started has subscribed to the sensors' topics (messages published before that are not queued
   * for it); false on timeout.
   */
  public boolean awaitSubscriptionsAbove(long count, long timeoutSeconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (subscriptionCount.get() <= count) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  /**
   * Waits until the broker holds no message (every publish taken and acknowledged by the gateway);
   * false on timeout.
   */
  public boolean awaitDrained(long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    // Mosquitto reports these only when they change (at most every second): give it one interval
    // to report what the last publishes changed, then read the latest
    Thread.sleep(1_500);
    while (System.nanoTime() < deadline) {
      // Drained when the store holds no more than the retained messages. Mosquitto publishes
      // the retained count only when it changes, so a subscriber may never hear it: then the
      // store's size before the first publish stands in for it.
      long store = storeCount.get();
      long retained = retainedCount.get() >= 0 ? retainedCount.get() : idleStore;
      if (store >= 0 && retained >= 0 && store <= retained) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** The broker's last reported message store and retained counts, for logs. */
  public String storeReport() {
    return "stored "
        + storeCount.get()
        + ", retained "
        + retainedCount.get()
        + ", stored before the first publish "
        + idleStore;
  }

  @Override
  public void close() {
    for (MqttAsyncClient c : clients) {
      quietClose(c);
    }
    quietClose(sys);
  }

  public static void quietClose(MqttAsyncClient c) {
    try {
      c.disconnect(2_000).waitForCompletion(2_000);
    } catch (MqttException e) {
      // closing anyway
    }
    try {
      c.close(true);
    } catch (MqttException e) {
      // closing anyway
    }
  }
}
