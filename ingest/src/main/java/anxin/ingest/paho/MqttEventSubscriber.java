package anxin.ingest.paho;

import anxin.ingest.Ingest;
import anxin.ingest.Receipt;
import anxin.ingest.Sender;
import anxin.ingest.Submission;
import anxin.ingest.Transport;
import anxin.protocol.topic.Topic;
import anxin.protocol.topic.Topics;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
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
 * Takes events from the broker: a persistent MQTT 5 session (clean start off, session expiry set)
 * with the shared subscription {@link Topics#SHARED_EVENT_SUBSCRIPTION} (or another share group) at
 * QoS 1, and manual acknowledgements: a message is acknowledged only when its events are durable or
 * rejected for good. Until then the broker keeps it, and sends it again if ingest dies. Reconnects
 * with exponential backoff and jitter.
 *
 * <p>Paho's callback thread files each message in {@link IntakeLanes} (or, when nothing waits
 * there, runs it through the pipeline itself); a worker thread takes messages that may carry a
 * {@code panic}, {@code fall} or {@code tamper} (the types that page at once, "alarms" in this
 * package) ahead of queued telemetry, keeping each topic's order, and runs the pipeline. The {@link
 * AlarmWatch}, unless configured off, reads the same topics over a second connection and takes
 * alarms from there before the broker's queue for this session.
 */
public final class MqttEventSubscriber implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MqttEventSubscriber.class);

  /**
   * Payload bytes received and not yet taken by the pipeline before Paho's thread waits: 256 MiB,
   * or a third of the heap when that is less, so that a burst held here cannot exhaust the heap
   * (the writer's queue takes at most another quarter, see {@code IngestNode}).
   */
  static final long INTAKE_BYTES = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 3);

  private final MqttIngestConfig config;
  private final Ingest ingest;
  private final Clock clock;
  private final MqttAsyncClient client;
  private final AckQueue acks;
  private final IntakeLanes lanes;
  private final AlarmWatch watch; // null when off
  private final ScheduledExecutorService reconnector;
  private final String subscription;
  private volatile boolean closed;
  private volatile boolean subscribed;
  // Paho's callback threads and the reconnector both count failed attempts.
  private final AtomicInteger failedAttempts = new AtomicInteger();

  public MqttEventSubscriber(MqttIngestConfig config, Ingest ingest, Clock clock)
      throws MqttException {
    this(config, ingest, clock, () -> false);
  }

  /**
   * @param downstreamFull true while ingest holds as much as it may (its database backlog at its
   *     bound): telemetry then waits here, and alarms still go ahead
   */
  public MqttEventSubscriber(
      MqttIngestConfig config, Ingest ingest, Clock clock, BooleanSupplier downstreamFull)
      throws MqttException {
    this.config = config;
    this.ingest = ingest;
    this.clock = clock;
    this.subscription = Topics.sharedEventSubscription(config.shareGroup());
    this.client =
        new MqttAsyncClient(config.serverUris().get(0), config.clientId(), new MemoryPersistence());
    client.setManualAcks(true);
    this.acks = new AckQueue(this::ack);
    this.lanes = new IntakeLanes(this::submit, downstreamFull, INTAKE_BYTES, "mqtt-ingest-intake");
    this.reconnector =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mqtt-ingest-reconnect");
              t.setDaemon(true);
              return t;
            });
    client.setCallback(new Callback());
    this.watch =
        config.alarmWatch() ? new AlarmWatch(config, options(), ingest, clock, reconnector) : null;
  }

  /** Connects and subscribes in the background; keeps trying until it succeeds or is closed. */
  public void start() {
    reconnector.execute(this::connect);
    if (watch != null) {
      reconnector.execute(watch::start);
    }
  }

  /** True while connected to the broker. */
  public boolean isConnected() {
    return client.isConnected();
  }

  /**
   * True while connected with the event subscription in place: from then on nothing published is
   * lost (before the first subscription of a new share group, the broker has nobody to keep it
   * for).
   */
  public boolean isSubscribed() {
    return subscribed && client.isConnected();
  }

  /** Messages received and not yet acknowledged. */
  public int unacknowledged() {
    return acks.size();
  }

  /** Messages received and not yet taken by the pipeline (both lanes, see {@link IntakeLanes}). */
  public int waiting() {
    return lanes.waiting();
  }

  /** True while the alarm watch is subscribed; false when it is off or away. */
  public boolean isWatching() {
    return watch != null && watch.isSubscribed();
  }

  /** Alarms taken early by the alarm watch since the start (0 when it is off). */
  public long takenEarly() {
    return watch == null ? 0 : watch.taken();
  }

  /** Messages that went ahead of telemetry in the priority lane since the start. */
  public long prioritized() {
    return lanes.prioritized();
  }

  private MqttConnectionOptions options() {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setServerURIs(config.serverUris().toArray(String[]::new));
    o.setCleanStart(false);
    o.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
    o.setReceiveMaximum(config.receiveMaximum());
    o.setKeepAliveInterval((int) config.keepAlive().toSeconds());
    o.setConnectionTimeout(10);
    o.setAutomaticReconnect(false); // our own loop, with jitter
    if (config.username() != null) {
      o.setUserName(config.username());
    }
    if (config.password() != null) {
      o.setPassword(
          new String(config.password()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    if (config.tls() != null) {
      o.setSocketFactory(config.tls());
    }
    return o;
  }

  private void connect() {
    if (closed) {
      return;
    }
    try {
      client.connect(
          options(),
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              subscribe(token.getSessionPresent());
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              retryLater("connect failed: " + e.getMessage());
            }
          });
    } catch (MqttException e) {
      retryLater("connect failed: " + e.getMessage());
    }
  }

  private void subscribe(boolean sessionPresent) {
    try {
      client.subscribe(
          subscription,
          1,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              failedAttempts.set(0);
              subscribed = true;
              log.info(
                  "MQTT ingest: connected to {} as {}, {} session, subscribed to {}",
                  client.getCurrentServerURI(),
                  config.clientId(),
                  sessionPresent ? "resumed" : "new",
                  subscription);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              log.warn("MQTT ingest: subscribe failed: {}", e.getMessage());
              forceReconnect();
            }
          });
    } catch (MqttException e) {
      log.warn("MQTT ingest: subscribe failed: {}", e.getMessage());
      forceReconnect();
    }
  }

  private void forceReconnect() {
    try {
      client.disconnectForcibly(0, 1000, false);
    } catch (MqttException e) {
      log.debug("forced disconnect: {}", e.getMessage());
    }
    retryLater("subscription failed");
  }

  private void retryLater(String why) {
    if (closed) {
      return;
    }
    long min = config.reconnectMin().toMillis();
    long max = config.reconnectMax().toMillis();
    int attempt = failedAttempts.incrementAndGet();
    long base = Math.min(max, min << Math.min(attempt - 1, 20));
    long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1); // jitter
    if (attempt == 1) {
      log.warn("MQTT ingest: {}; retrying in {} ms", why, delay);
    } else {
      log.debug("MQTT ingest: {}; attempt {}, retrying in {} ms", why, attempt, delay);
    }
    reconnector.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
  }

  private void ack(int messageId) {
    try {
      client.messageArrivedComplete(messageId, 1);
    } catch (MqttException e) {
      // The connection went away: the broker redelivers the message on the next one.
      log.debug("ack of {} failed: {}", messageId, e.getMessage());
    }
  }

  private void onMessage(String topicName, MqttMessage message) {
    CompletableFuture<?> done =
        lanes.offer(
            new IntakeLanes.Message(
                topicName, message.getPayload(), clock.instant(), System.nanoTime()));
    if (message.getQos() > 0) {
      acks.add(message.getId(), done);
    }
  }

  /** On the intake worker: into the pipeline, unless the topic is not an event topic. */
  private CompletableFuture<Receipt> submit(IntakeLanes.Message m) {
    Topic topic = Topics.parse(m.topic());
    if (topic instanceof Topic.EventTopic et) {
      return ingest.submit(
          new Submission(
              Transport.MQTT,
              new Sender.OnTopic(et),
              m.payload(),
              m.receivedAt(),
              m.receivedNanos()));
    }
    // Matched the subscription but is not ours (an invalid facility id, say): acknowledge and
    // drop, since the same bytes would never be accepted.
    log.debug("MQTT ingest: dropping message on an invalid topic: {}", topic);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {
    closed = true;
    reconnector.shutdownNow();
    if (watch != null) {
      watch.close();
    }
    lanes.close();
    try {
      if (client.isConnected()) {
        client.disconnect(5_000).waitForCompletion(5_000);
      }
    } catch (MqttException e) {
      log.debug("disconnect: {}", e.getMessage());
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      log.debug("close: {}", e.getMessage());
    }
  }

  private final class Callback implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      try {
        onMessage(topic, message);
      } catch (RuntimeException e) {
        // Last resort: never let an exception reach Paho, which would drop the connection.
        log.error("MQTT ingest: failed to take a message on {}", topic, e);
      }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      subscribed = false;
      acks.newConnection();
      retryLater(
          "disconnected: " + response.getReasonString() + " (" + response.getReturnCode() + ")");
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {
      log.warn("MQTT ingest: {}", e.getMessage());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
