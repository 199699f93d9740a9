package anxin.bench.gateway;

import anxin.protocol.DecodeResult;
import anxin.protocol.Event;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The platform side: one Paho client on the platform's broker that decodes every batch on {@code
 * anxin/v1/{facility}/_batch/event} (as ingest would), counts events and distinct (dev, seq), keeps
 * the payloads when asked (for the raw floor), and notes when the gateway's status turns {@code
 * online}. Callbacks run on Paho's one callback thread; readers poll the volatile fields.
 */
final class PlatformSubscriber implements AutoCloseable {

  private final MqttAsyncClient client;
  private final String batchTopic;
  private final String statusTopic;
  private final EventCodec codec = new EventCodec();
  private final Set<String> keys = new HashSet<>();
  private final List<byte[]> payloads = new ArrayList<>();
  private volatile boolean recording;
  private volatile long events;
  private volatile long distinct;
  private volatile long rejected;
  private volatile long firstNanos;
  private volatile long lastNanos;
  private volatile long onlineNanos;
  private volatile int firstAlarmsBefore = -1;

  private PlatformSubscriber(MqttAsyncClient client, String facility, String gateway) {
    this.client = client;
    this.batchTopic = Topics.batch(facility);
    this.statusTopic = Topics.status(facility, gateway);
  }

  static PlatformSubscriber connect(String uri, String facility, String gateway)
      throws MqttException {
    MqttAsyncClient c = new MqttAsyncClient(uri, "bench-platform", new MemoryPersistence());
    PlatformSubscriber s = new PlatformSubscriber(c, facility, gateway);
    c.setCallback(s.new Callback());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setReceiveMaximum(1_000);
    o.setKeepAliveInterval(30);
    c.connect(o).waitForCompletion(10_000);
    c.subscribe(new String[] {s.batchTopic, s.statusTopic}, new int[] {1, 1})
        .waitForCompletion(10_000);
    return s;
  }

  /** Forgets every count; keeps the payloads that arrive from now on when {@code record}. */
  void reset(boolean record) {
    synchronized (keys) {
      keys.clear();
      payloads.clear();
      events = 0;
      distinct = 0;
      rejected = 0;
      firstNanos = 0;
      lastNanos = 0;
      onlineNanos = 0;
      firstAlarmsBefore = -1;
      recording = record;
    }
  }

  /** Waits until {@code n} distinct events arrived; false on timeout. */
  boolean awaitDistinct(long n, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (distinct < n) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  /** Waits for a live {@code online} status; its arrival time, or 0 on timeout. */
  long awaitOnline(long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (onlineNanos == 0 && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    return onlineNanos;
  }

  long events() {
    return events;
  }

  long distinct() {
    return distinct;
  }

  long rejected() {
    return rejected;
  }

  long firstNanos() {
    return firstNanos;
  }

  long lastNanos() {
    return lastNanos;
  }

  long onlineNanos() {
    return onlineNanos;
  }

  /** Events that arrived before the first non-alarm, i.e. how many alarms led the backlog. */
  int alarmsFirst() {
    return firstAlarmsBefore;
  }

  List<byte[]> payloads() {
    synchronized (keys) {
      return List.copyOf(payloads);
    }
  }

  String batchTopic() {
    return batchTopic;
  }

  @Override
  public void close() {
    Sensors.quietClose(client);
  }

  private final class Callback implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      long now = System.nanoTime();
      if (topic.equals(statusTopic)) {
        String s = new String(message.getPayload(), StandardCharsets.UTF_8);
        if (!message.isRetained() && s.contains("\"online\"") && onlineNanos == 0) {
          onlineNanos = now;
        }
        return;
      }
      DecodeResult r = codec.decode(message.getPayload());
      synchronized (keys) {
        if (recording) {
          payloads.add(message.getPayload());
        }
        rejected += r.rejections().size();
        for (Event e : r.events()) {
          if (firstAlarmsBefore < 0 && !e.type().isAlarm()) {
            firstAlarmsBefore = (int) events;
          }
          events++;
          if (keys.add(e.dev() + "#" + e.seq())) {
            distinct++;
          }
        }
        if (firstNanos == 0) {
          firstNanos = now;
        }
        lastNanos = now;
      }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      System.err.println("platform subscriber disconnected: " + response);
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {
      System.err.println("platform subscriber: " + e);
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
