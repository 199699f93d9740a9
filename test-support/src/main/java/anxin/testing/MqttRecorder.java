package anxin.testing;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Subscribes to a topic filter with QoS 1 (Paho MQTT 5) and keeps every message that arrives, in
 * arrival order. Thread-safe to read while messages arrive.
 *
 * <p>Uses a client callback rather than Paho's per-subscription listener: {@code
 * MqttClient.subscribe(String, int, IMqttMessageListener)} in Paho 1.2.5 recurses into itself until
 * the stack overflows.
 */
public final class MqttRecorder implements AutoCloseable {

  /** One message as it arrived. */
  public record Received(String topic, byte[] payload, boolean retained) {}

  private final MqttClient client;
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

  private MqttRecorder(MqttClient client) {
    this.client = client;
  }

  /**
   * Connects with a clean session and subscribes; returns once the broker has granted the
   * subscription, so nothing published afterwards is missed.
   */
  public static MqttRecorder subscribe(MqttBroker broker, String topicFilter) throws MqttException {
    MqttClient client =
        new MqttClient(broker.serverUri(), "rec-" + UUID.randomUUID(), new MemoryPersistence());
    MqttRecorder recorder = new MqttRecorder(client);
    client.setCallback(recorder.new Callback());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    client.connect(options);
    client.subscribe(topicFilter, 1);
    return recorder;
  }

  /** Everything received so far. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** How many messages have arrived. */
  public int count() {
    return received.size();
  }

  @Override
  public void close() throws MqttException {
    try {
      if (client.isConnected()) {
        client.disconnect();
      }
    } finally {
      client.close();
    }
  }

  private final class Callback implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      received.add(new Received(topic, message.getPayload(), message.isRetained()));
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {}

    @Override
    public void mqttErrorOccurred(MqttException exception) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
