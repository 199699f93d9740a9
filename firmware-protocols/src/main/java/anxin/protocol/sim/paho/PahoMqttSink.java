package anxin.protocol.sim.paho;

import anxin.protocol.Event;
import anxin.protocol.Format;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.sim.EventSink;
import anxin.protocol.sim.SimulatedDevice;
import anxin.protocol.topic.Topics;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Publishes each event on its device's topic {@code anxin/v1/{facility}/{device}/event} with QoS 1
 * over one MQTT 5 connection (Paho), returning on PUBACK.
 */
public final class PahoMqttSink implements EventSink {

  /** How long a transient publish failure is retried before the event is given up. */
  public static final Duration RETRY_FOR = Duration.ofSeconds(30);

  private final MqttClient client;
  private final EventCodec codec;
  private final Format format;

  private PahoMqttSink(MqttClient client, EventCodec codec, Format format) {
    this.client = client;
    this.codec = codec;
    this.format = format;
  }

  /**
   * Connects to a broker.
   *
   * @param serverUri e.g. {@code tcp://127.0.0.1:1883}
   * @param clientId MQTT client id, unique on the broker
   * @param format payload encoding
   * @throws EventSink.SinkException when the broker cannot be reached
   */
  public static PahoMqttSink connect(String serverUri, String clientId, Format format) {
    try {
      MqttClient client = new MqttClient(serverUri, clientId, new MemoryPersistence());
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(true);
      options.setAutomaticReconnect(true);
      options.setConnectionTimeout(10);
      options.setKeepAliveInterval(30);
      client.setTimeToWait(10_000);
      client.connect(options);
      return new PahoMqttSink(client, new EventCodec(), format);
    } catch (MqttException e) {
      throw new SinkException("cannot connect to " + serverUri + ": " + e.getMessage(), e);
    }
  }

  /**
   * Publishes and waits for PUBACK. Like device firmware, it retries what is transient (the
   * in-flight window still full, the connection being re-established) for up to {@link #RETRY_FOR},
   * backing off from 1 ms to 500 ms.
   */
  @Override
  public void send(SimulatedDevice device, Event event) {
    String topic = Topics.event(device.facility(), device.id());
    byte[] payload = codec.encode(event, format);
    long deadline = System.nanoTime() + RETRY_FOR.toNanos();
    long backoffMs = 1;
    while (true) {
      MqttMessage message = new MqttMessage(payload);
      message.setQos(1);
      try {
        client.publish(topic, message);
        return;
      } catch (MqttException e) {
        if (!isTransient(e) || System.nanoTime() > deadline) {
          throw new SinkException("publish failed: " + e.getMessage(), e);
        }
      }
      try {
        Thread.sleep(backoffMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SinkException("interrupted while retrying a publish", e);
      }
      backoffMs = Math.min(500, backoffMs * 2);
    }
  }

  /**
   * Paho's synchronous publish can return on PUBACK a moment before it frees the in-flight slot, so
   * the next publish may see a full window; a lost connection is re-established by automatic
   * reconnect.
   */
  private static boolean isTransient(MqttException e) {
    int code = e.getReasonCode();
    return code == MqttClientException.REASON_CODE_MAX_INFLIGHT
        || code == MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED
        || code == MqttClientException.REASON_CODE_CONNECTION_LOST
        || code == MqttClientException.REASON_CODE_CLIENT_TIMEOUT;
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect(5_000);
      }
      client.close(true);
    } catch (MqttException e) {
      // closing: nothing left to do for a simulator
    }
  }
}
