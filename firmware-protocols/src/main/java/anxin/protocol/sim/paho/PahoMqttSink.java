package anxin.protocol.sim.paho;

import anxin.protocol.Event;
import anxin.protocol.Format;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.sim.EventSink;
import anxin.protocol.sim.SimulatedDevice;
import anxin.protocol.topic.Topics;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Publishes each event on its device's topic {@code anxin/v1/{facility}/{device}/event} with QoS 1
 * over one MQTT 5 connection (Paho), returning on PUBACK.
 */
public final class PahoMqttSink implements EventSink {

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

  @Override
  public void send(SimulatedDevice device, Event event) {
    MqttMessage message = new MqttMessage(codec.encode(event, format));
    message.setQos(1);
    try {
      client.publish(Topics.event(device.facility(), device.id()), message);
    } catch (MqttException e) {
      throw new SinkException("publish failed: " + e.getMessage(), e);
    }
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
