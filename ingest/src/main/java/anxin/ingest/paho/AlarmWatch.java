package anxin.ingest.paho;

import anxin.ingest.Ingest;
import anxin.ingest.Sender;
import anxin.ingest.Submission;
import anxin.ingest.Transport;
import anxin.protocol.topic.Topic;
import anxin.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alarm watch: a second MQTT connection that reads the same event topics at QoS 0 and takes the
 * events that page at once ({@code panic}, {@code fall}, {@code tamper}) of each message at once
 * ({@link Ingest#takeAlarmsEarly}), everything else being left to the persistent session.
 *
 * <p>Why: the persistent session acknowledges a message only once its events are durable, so under
 * a flood the broker holds it to its receive maximum and queues the rest, in arrival order: an
 * alarm published then waits behind every telemetry message queued before it, for as long as the
 * database takes to store them (seconds to minutes in a 5x burst), and no lane inside ingest can
 * reach it. A QoS 0 subscription has no such window: the broker writes each message to this
 * connection as it comes, so the alarm is in alerting's hands within the broker's own latency.
 *
 * <p>What it does not change: every message still comes through the persistent session, which is
 * what is acknowledged, counted and stored; there an alarm taken early is found pending or durable
 * and is neither handed off nor written twice. So the watch can lose a message (QoS 0, a reconnect,
 * a broker that sheds QoS 0 under pressure) and nothing is lost, only made early. It costs the
 * broker one more copy of each event message, and this process a byte scan per message ({@link
 * AlarmBytes}); messages without an alarm are dropped unread.
 *
 * <p>The watch has its own share group, {@code <group>-alarms}, so that several ingest nodes split
 * it as they split the events. Once connected, Paho's own reconnect (within the session's backoff
 * bounds) suffices: the session is clean and the subscription is made again on every connection;
 * the first connection is retried here.
 */
final class AlarmWatch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AlarmWatch.class);

  private final Ingest ingest;
  private final Clock clock;
  private final MqttAsyncClient client;
  private final MqttConnectionOptions options;
  private final String subscription;
  private final AtomicLong taken = new AtomicLong();
  private volatile boolean subscribed;
  private volatile boolean closed;
  private final ScheduledExecutorService scheduler;
  private final Duration reconnectMin;
  private final Duration reconnectMax;
  private final AtomicInteger failed = new AtomicInteger(); // first connection's attempts

  /**
   * @param options a copy of the persistent session's options (URIs, credentials, TLS, keep-alive),
   *     made here a clean, self-reconnecting session
   * @param scheduler retries the first connection (the persistent session's reconnect thread)
   */
  AlarmWatch(
      MqttIngestConfig config,
      MqttConnectionOptions options,
      Ingest ingest,
      Clock clock,
      ScheduledExecutorService scheduler)
      throws MqttException {
    this.ingest = ingest;
    this.clock = clock;
    this.scheduler = scheduler;
    this.reconnectMin = config.reconnectMin();
    this.reconnectMax = config.reconnectMax();
    this.subscription = Topics.sharedEventSubscription(config.shareGroup() + "-alarms");
    this.options = options;
    options.setCleanStart(true);
    options.setSessionExpiryInterval(0L);
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(
        (int) Math.max(1, config.reconnectMin().toSeconds()),
        (int) Math.max(1, config.reconnectMax().toSeconds()));
    this.client =
        new MqttAsyncClient(
            config.serverUris().get(0), watchClientId(config.clientId()), new MemoryPersistence());
    client.setCallback(new Callback());
  }

  /** The persistent session's client id with {@code -alarms}, cut to MQTT's usual 64 characters. */
  static String watchClientId(String clientId) {
    String id = clientId + "-alarms";
    return id.getBytes(StandardCharsets.UTF_8).length <= 64 ? id : "alarms-" + clientId.hashCode();
  }

  /** Connects in the background; keeps reconnecting until {@link #close()}. */
  void start() {
    if (closed) {
      return;
    }
    try {
      client.connect(
          options,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {}

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              retryLater(e.getMessage());
            }
          });
    } catch (MqttException e) {
      retryLater(e.getMessage());
    }
  }

  /** Paho retries only connections once made: until the first one, retry with backoff here. */
  private void retryLater(String why) {
    if (closed) {
      return;
    }
    int attempt = failed.incrementAndGet();
    long delay =
        Math.min(reconnectMax.toMillis(), reconnectMin.toMillis() << Math.min(attempt - 1, 20));
    if (attempt == 1) {
      log.warn("MQTT alarm watch: connect failed ({}); alarms still come by the session", why);
    }
    try {
      scheduler.schedule(this::start, delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("MQTT alarm watch: not retrying, ingest is stopping");
    }
  }

  /** True while the watch's subscription is in place. */
  boolean isSubscribed() {
    return subscribed && client.isConnected();
  }

  /** Alarms taken early since the start. */
  long taken() {
    return taken.get();
  }

  private void subscribe() {
    try {
      client.subscribe(
          subscription,
          0,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              subscribed = true;
              log.info("MQTT alarm watch: subscribed to {} at QoS 0", subscription);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              log.warn("MQTT alarm watch: subscribe failed: {}", e.getMessage());
            }
          });
    } catch (MqttException e) {
      log.warn("MQTT alarm watch: subscribe failed: {}", e.getMessage());
    }
  }

  private void onMessage(String topicName, MqttMessage message) {
    byte[] payload = message.getPayload();
    if (!AlarmBytes.mayCarryAlarm(payload)
        || !(Topics.parse(topicName) instanceof Topic.EventTopic et)) {
      return;
    }
    int n =
        ingest.takeAlarmsEarly(
            new Submission(
                Transport.MQTT,
                new Sender.OnTopic(et),
                payload,
                clock.instant(),
                System.nanoTime()));
    taken.addAndGet(n);
  }

  @Override
  public void close() {
    closed = true;
    subscribed = false;
    try {
      if (client.isConnected()) {
        client.disconnect(1_000).waitForCompletion(2_000);
      }
    } catch (MqttException e) {
      log.debug("alarm watch disconnect: {}", e.getMessage());
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      log.debug("alarm watch close: {}", e.getMessage());
    }
  }

  private final class Callback implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      try {
        onMessage(topic, message);
      } catch (RuntimeException e) {
        // Never let an exception reach Paho; the persistent session brings the message anyway.
        log.warn("MQTT alarm watch: failed to take a message on {}", topic, e);
      }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      failed.set(0);
      subscribe(); // a clean session: the subscription is made on every connection
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      subscribed = false;
      if (!closed) {
        log.warn("MQTT alarm watch: disconnected ({}); reconnecting", response.getReasonString());
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {
      log.warn("MQTT alarm watch: {}", e.getMessage());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
