package anxin.platform.server;

import anxin.alerting.DeviceCommand;
import anxin.alerting.GatewayStatus;
import anxin.protocol.topic.Topic;
import anxin.protocol.topic.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's second MQTT connection: publishes device commands ({@code reassure}) with QoS 1
 * and receives gateway statuses ({@code anxin/v1/+/_gw/+/status}, retained, with the gateways' Last
 * Will) for the gateway-offline rule. Reconnects on its own (Paho automatic reconnect); a retained
 * status is delivered again on every resubscription. Statuses that do not parse are counted and
 * dropped.
 */
final class MqttLink implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MqttAsyncClient client;
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong commandsFailed = new AtomicLong();

  private MqttLink(MqttAsyncClient client) {
    this.client = client;
  }

  static MqttLink start(
      List<String> serverUris,
      String clientId,
      String username,
      String password,
      Clock clock,
      Consumer<GatewayStatus> statuses)
      throws MqttException {
    MqttAsyncClient client =
        new MqttAsyncClient(serverUris.get(0), clientId, new MemoryPersistence());
    MqttLink link = new MqttLink(client);
    client.setCallback(
        new MqttCallback() {
          @Override
          public void disconnected(MqttDisconnectResponse r) {
            LOG.warn("mqtt link: disconnected ({}); reconnecting", r.getReasonString());
          }

          @Override
          public void mqttErrorOccurred(MqttException e) {
            LOG.warn("mqtt link: {}", e.toString());
          }

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            link.status(topic, message.getPayload(), clock, statuses);
          }

          @Override
          public void deliveryComplete(IMqttToken token) {}

          @Override
          public void connectComplete(boolean reconnect, String uri) {
            try {
              client.subscribe(new MqttSubscription(Topics.ALL_GATEWAY_STATUS, 1));
              LOG.info(
                  "mqtt link: {} to {}, watching gateway statuses",
                  reconnect ? "reconnected" : "connected",
                  uri);
            } catch (MqttException e) {
              LOG.error("mqtt link: cannot subscribe to gateway statuses: {}", e.toString());
            }
          }

          @Override
          public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setServerURIs(serverUris.toArray(String[]::new));
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 30);
    options.setCleanStart(true);
    if (username != null && !username.isEmpty()) {
      options.setUserName(username);
      options.setPassword(
          password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8));
    }
    client.connect(options).waitForCompletion(30_000);
    return link;
  }

  /** Publishes a command, QoS 1; failures are logged and counted, never thrown. */
  void publish(DeviceCommand c) {
    try {
      MqttMessage m = new MqttMessage(c.payload().getBytes(StandardCharsets.UTF_8));
      m.setQos(1);
      client.publish(c.topic(), m);
    } catch (MqttException | RuntimeException e) {
      commandsFailed.incrementAndGet();
      LOG.warn("mqtt link: command {} not published: {}", c.dedupKey(), e.toString());
    }
  }

  boolean connected() {
    return client.isConnected();
  }

  long rejectedStatuses() {
    return rejected.get();
  }

  private void status(String topic, byte[] payload, Clock clock, Consumer<GatewayStatus> out) {
    Topic t = Topics.parse(topic);
    if (!(t instanceof Topic.StatusTopic st)) {
      rejected.incrementAndGet();
      return;
    }
    if (payload.length == 0) {
      return; // a retained status being cleared
    }
    try {
      JsonNode node = JSON.readTree(payload);
      String state = node == null ? null : node.path("state").asText(null);
      GatewayStatus.State s =
          "online".equals(state)
              ? GatewayStatus.State.ONLINE
              : "offline".equals(state) ? GatewayStatus.State.OFFLINE : null;
      if (s == null || payload.length > 4096) {
        rejected.incrementAndGet();
        LOG.debug(
            "mqtt link: status of {}/{} rejected: state {}", st.facility(), st.gateway(), state);
        return;
      }
      out.accept(new GatewayStatus(st.facility(), st.gateway(), s, clock.instant()));
    } catch (java.io.IOException | RuntimeException e) {
      rejected.incrementAndGet();
    }
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(5_000);
      }
      client.close();
    } catch (MqttException e) {
      LOG.debug("mqtt link: close: {}", e.toString());
    }
  }
}
