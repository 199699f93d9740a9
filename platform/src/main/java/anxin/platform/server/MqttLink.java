package anxin.platform.server;

import anxin.alerting.DeviceCommand;
import anxin.alerting.GatewayStatus;
import anxin.platform.store.GatewayReport;
import anxin.protocol.topic.Topic;
import anxin.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
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
 * Will) for the gateway-offline rule and to be stored ({@link StatusDecoder}, {@link Sinks}).
 * Reconnects on its own (Paho automatic reconnect); a retained status is delivered again on every
 * resubscription. Invalid statuses are counted by reason and not stored; one whose state is valid
 * still counts for the gateway-offline rule.
 */
final class MqttLink implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);

  /**
   * Where gateway statuses go. All are called on Paho's callback thread and must not block.
   *
   * @param statuses every status with a valid state, for the gateway-offline rule
   * @param reports every valid status, to be stored
   * @param rejects the reason of every rejected status
   */
  record Sinks(
      Consumer<GatewayStatus> statuses,
      Consumer<GatewayReport> reports,
      Consumer<StatusDecoder.Reason> rejects) {}

  private final MqttAsyncClient client;
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong commandsFailed = new AtomicLong();

  private final java.util.concurrent.CountDownLatch watching =
      new java.util.concurrent.CountDownLatch(1);

  private MqttLink(MqttAsyncClient client) {
    this.client = client;
  }

  static MqttLink start(
      List<String> serverUris,
      String clientId,
      String username,
      String password,
      javax.net.ssl.SSLSocketFactory tls,
      Clock clock,
      Sinks sinks)
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
            try {
              link.status(topic, message.getPayload(), clock, sinks);
            } catch (RuntimeException e) {
              link.rejected.incrementAndGet();
              LOG.warn("mqtt link: status handling failed: {}", e.toString());
            }
          }

          @Override
          public void deliveryComplete(IMqttToken token) {}

          @Override
          public void connectComplete(boolean reconnect, String uri) {
            try {
              client.subscribe(
                  new MqttSubscription[] {new MqttSubscription(Topics.ALL_GATEWAY_STATUS, 1)},
                  null,
                  new org.eclipse.paho.mqttv5.client.MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                      link.watching.countDown();
                      LOG.info(
                          "mqtt link: {} to {}, watching gateway statuses",
                          reconnect ? "reconnected" : "connected",
                          uri);
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                      LOG.error(
                          "mqtt link: cannot subscribe to gateway statuses: {}", e.toString());
                    }
                  },
                  new MqttProperties());
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
    if (tls != null) {
      options.setSocketFactory(tls); // ssl:// URIs: mqtt.tls.*, docs/security.md
    }
    if (username != null && !username.isEmpty()) {
      options.setUserName(username);
      options.setPassword(
          password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8));
    }
    client.connect(options).waitForCompletion(30_000);
    try {
      // Statuses published before the subscription is in place would be lost (unless retained).
      if (!link.watching.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
        LOG.warn("mqtt link: not yet subscribed to gateway statuses after 30 s; going on");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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

  private void status(String topic, byte[] payload, Clock clock, Sinks out) {
    Topic t = Topics.parse(topic);
    if (!(t instanceof Topic.StatusTopic st)) {
      reject(out, StatusDecoder.Reason.BAD_TOPIC);
      LOG.debug("mqtt link: status on an unexpected topic rejected");
      return;
    }
    if (payload.length == 0) {
      return; // a retained status being cleared
    }
    Instant now = clock.instant();
    StatusDecoder.Decoded d = StatusDecoder.decode(st.facility(), st.gateway(), payload, now);
    Boolean online;
    if (d instanceof StatusDecoder.Ok ok) {
      online = ok.report().online();
      out.reports().accept(ok.report());
    } else {
      StatusDecoder.Rejected r = (StatusDecoder.Rejected) d;
      reject(out, r.reason());
      LOG.debug(
          "mqtt link: status of {}/{} rejected ({}): {}",
          st.facility(),
          st.gateway(),
          r.reason().tag(),
          r.detail());
      online = r.online(); // a valid state still counts for the gateway-offline rule
    }
    if (online != null) {
      out.statuses()
          .accept(
              new GatewayStatus(
                  st.facility(),
                  st.gateway(),
                  online ? GatewayStatus.State.ONLINE : GatewayStatus.State.OFFLINE,
                  now));
    }
  }

  private void reject(Sinks out, StatusDecoder.Reason reason) {
    rejected.incrementAndGet();
    try {
      out.rejects().accept(reason);
    } catch (RuntimeException e) {
      LOG.debug("mqtt link: rejection metric failed: {}", e.toString());
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
