package anxin.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * The platform benchmark's broker floor: in place of the platform, a Paho MQTT 5 async client with
 * the ingest tier's receive maximum on a QoS 1 shared subscription of the same shape takes the same
 * load and probes, and only notes when each probe arrived ({@link System#nanoTime()}). Paho
 * acknowledges each message when the callback returns.
 */
final class FloorListener implements AutoCloseable, MqttCallback {

  private final MqttAsyncClient client;
  private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
  private final AtomicLong received = new AtomicLong();

  private FloorListener(MqttAsyncClient client) {
    this.client = client;
  }

  static FloorListener connect(String serverUri, String clientId, String shareGroup)
      throws MqttException {
    MqttAsyncClient c = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
    FloorListener l = new FloorListener(c);
    c.setCallback(l);
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setSessionExpiryInterval(0L);
    o.setReceiveMaximum(10_000);
    c.connect(o).waitForCompletion(10_000);
    c.subscribe("$share/" + shareGroup + "/anxin/v1/+/+/event", 1).waitForCompletion(10_000);
    return l;
  }

  /** Arrival of each probe, by device. */
  Map<String, Long> arrivals() {
    return arrivals;
  }

  long received() {
    return received.get();
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    long at = System.nanoTime();
    received.incrementAndGet();
    int probe = topic.indexOf("/probe-");
    if (probe >= 0) {
      arrivals.putIfAbsent(topic.substring(probe + 1, topic.lastIndexOf('/')), at);
    }
  }

  @Override
  public void disconnected(MqttDisconnectResponse r) {
    System.err.println("floor listener: disconnected: " + r);
  }

  @Override
  public void mqttErrorOccurred(MqttException e) {
    System.err.println("floor listener: " + e);
  }

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}

  @Override
  public void close() {
    try {
      client.disconnect(5_000).waitForCompletion(5_000);
    } catch (MqttException e) {
      // closing
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      // closing
    }
  }
}
