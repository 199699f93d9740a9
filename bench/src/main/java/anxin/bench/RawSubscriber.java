package anxin.bench;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
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
 * The broker floor's receiver: a Paho MQTT 5 async client with the ingest tier's receive maximum
 * and a QoS 1 shared subscription of the same shape, that only counts what arrives (Paho
 * acknowledges each message when the callback returns) and, for stamped payloads, records the
 * latency.
 */
final class RawSubscriber implements AutoCloseable {

  private final MqttAsyncClient client;
  private final String topicPrefix;
  private final AtomicLong received = new AtomicLong();
  private volatile long lastNanos;
  private volatile boolean stamped;
  private long[] latencies = new long[0]; // the callback thread only, while stamped
  private int recorded;

  private RawSubscriber(MqttAsyncClient client, String topicPrefix) {
    this.client = client;
    this.topicPrefix = topicPrefix;
  }

  static RawSubscriber connect(
      String serverUri, String clientId, String shareGroup, String facility, int receiveMaximum)
      throws MqttException {
    MqttAsyncClient c = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
    RawSubscriber s = new RawSubscriber(c, "anxin/v1/" + facility + "/");
    c.setCallback(s.new Callback());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setSessionExpiryInterval(0L);
    o.setReceiveMaximum(receiveMaximum);
    o.setKeepAliveInterval(30);
    c.connect(o).waitForCompletion(10_000);
    c.subscribe("$share/" + shareGroup + "/anxin/v1/+/+/event", 1).waitForCompletion(10_000);
    return s;
  }

  long received() {
    return received.get();
  }

  /** {@link System#nanoTime()} of the last message received. */
  long lastNanos() {
    return lastNanos;
  }

  /** Starts recording latencies of stamped payloads, room for {@code capacity}. */
  void recordLatencies(int capacity) {
    latencies = new long[capacity];
    recorded = 0;
    stamped = true;
  }

  /** Stops recording; the latencies so far in nanoseconds, sorted. */
  long[] latencies() {
    stamped = false;
    long[] l = Arrays.copyOf(latencies, recorded);
    Arrays.sort(l);
    return l;
  }

  @Override
  public void close() {
    try {
      client.disconnect(5_000).waitForCompletion(5_000);
      client.close(true);
    } catch (MqttException e) {
      // closing
    }
  }

  private final class Callback implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      if (!topic.startsWith(topicPrefix)) {
        return; // someone else's traffic on the same broker
      }
      long now = System.nanoTime();
      if (stamped && recorded < latencies.length) {
        latencies[recorded++] = now - ByteBuffer.wrap(message.getPayload()).getLong();
      }
      lastNanos = now;
      received.incrementAndGet();
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      System.err.println("raw subscriber disconnected: " + response);
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {
      System.err.println("raw subscriber: " + e);
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
