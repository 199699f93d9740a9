package anxin.bench.faults;

import anxin.protocol.Decoded;
import anxin.protocol.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * The broker's own floor for the direct devices' alarms, in the same run: a raw Paho subscriber in
 * the benchmark's process (not the platform's), QoS 0 on the facility's event topics, noting when
 * each {@code device|type} alarm first arrives. Publish to this arrival is what the broker alone
 * takes under the same load; publish to page minus it is the platform's part.
 */
final class AlarmFloor implements AutoCloseable, MqttCallback {

  private static final byte[] PANIC = "\"panic\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALL = "\"fall\"".getBytes(StandardCharsets.US_ASCII);

  private final EventCodec codec = new EventCodec();
  private final MqttAsyncClient client;
  private final Map<String, Long> arrivals = new ConcurrentHashMap<>();

  AlarmFloor(String uri, String facility, String clientId) throws MqttException {
    client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
    client.setCallback(this);
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setSessionExpiryInterval(0L);
    client.connect(o).waitForCompletion(10_000);
    client.subscribe("anxin/v1/" + facility + "/+/event", 0).waitForCompletion(10_000);
  }

  /** {@link System#nanoTime()} when each {@code device|type} alarm first arrived. */
  Map<String, Long> arrivals() {
    return Map.copyOf(arrivals);
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    long at = System.nanoTime();
    byte[] payload = message.getPayload();
    if (!contains(payload, PANIC) && !contains(payload, FALL)) {
      return; // telemetry: not decoded, so that this reader keeps up with the burst
    }
    for (Decoded d : codec.decode(payload).items()) {
      if (d instanceof Decoded.Accepted a && a.event().type().isAlarm()) {
        arrivals.putIfAbsent(a.event().dev() + "|" + a.event().type().wireName(), at);
      }
    }
  }

  /** Whether {@code word} occurs in {@code bytes} (the direct devices send JSON). */
  private static boolean contains(byte[] bytes, byte[] word) {
    outer:
    for (int i = 0, end = bytes.length - word.length; i <= end; i++) {
      for (int k = 0; k < word.length; k++) {
        if (bytes[i + k] != word[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect().waitForCompletion(5_000);
    }
    client.close();
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
