package anxin.gateway.local.paho;

import anxin.gateway.AdapterMetrics;
import anxin.gateway.JournalFullException;
import anxin.gateway.Source;
import anxin.protocol.Limits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
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
 * A QoS 1 subscriber on the LAN broker (Paho MQTT 5) that hands every message to a {@link Handler}
 * on Paho's callback thread. Paho acknowledges a QoS 1 message (PUBACK) only after the handler
 * returns, and the handler returns after the journal's fsync: a message is on disk before the
 * broker may forget it.
 *
 * <p>Faults: a handler's {@link RuntimeException} is counted as an error and the message is dropped
 * (a bad message must not be redelivered forever); an {@link IOException} (the journal failed) is
 * rethrown to Paho, which then drops the connection without acknowledging, reconnects and gets the
 * message again from the persistent session. The first connection is retried in the background
 * until it succeeds; after that Paho reconnects by itself. The client announces a Maximum Packet
 * Size (MQTT 5 §3.1.2.11.4) of twice the contract's message limit, so the broker never sends the
 * gateway a message that could exhaust its memory.
 */
public final class LanSubscriber implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LanSubscriber.class);

  /** Largest packet the broker may send us, bytes. */
  static final long MAX_PACKET_BYTES = 2L * Limits.MAX_MESSAGE_BYTES;

  /** What to do with one message. */
  @FunctionalInterface
  public interface Handler {
    void handle(String topic, byte[] payload) throws IOException;
  }

  private final LanBroker broker;
  private final List<String> filters;
  private final Handler handler;
  private final Source source;
  private final AdapterMetrics metrics;
  private final MqttAsyncClient client;
  private final Thread connector;

  /**
   * Counts connections lost and recycles begun: a message is acknowledged only on the connection it
   * came on. An acknowledgement is a packet id, which on the next connection may name another
   * message: acknowledging that one would lose it.
   */
  private final java.util.concurrent.atomic.AtomicLong connection =
      new java.util.concurrent.atomic.AtomicLong();

  private final java.util.concurrent.atomic.AtomicBoolean recycling =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile boolean closing;

  private LanSubscriber(
      LanBroker broker,
      String clientId,
      List<String> filters,
      Handler handler,
      Source source,
      AdapterMetrics metrics)
      throws MqttException {
    this.broker = broker;
    this.filters = List.copyOf(filters);
    this.handler = handler;
    this.source = source;
    this.metrics = metrics;
    this.client = new MqttAsyncClient(broker.serverUri(), clientId, new MemoryPersistence());
    client.setCallback(new Callback());
    client.setManualAcks(true);
    this.connector = new Thread(this::connectLoop, "anxin-lan-" + source.tag());
    connector.setDaemon(true);
  }

  /** Starts connecting in the background; returns at once. */
  public static LanSubscriber start(
      LanBroker broker,
      String clientId,
      List<String> filters,
      Handler handler,
      Source source,
      AdapterMetrics metrics) {
    try {
      LanSubscriber s = new LanSubscriber(broker, clientId, filters, handler, source, metrics);
      s.connector.start();
      return s;
    } catch (MqttException e) {
      throw new IllegalArgumentException("LAN broker client: " + e.getMessage(), e);
    }
  }

  /** True while connected to the LAN broker. */
  public boolean connected() {
    return client.isConnected();
  }

  private MqttConnectionOptions options() {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(false); // the broker keeps our messages while we reconnect
    o.setSessionExpiryInterval(Duration.ofHours(1).toSeconds());
    o.setAutomaticReconnect(true);
    o.setAutomaticReconnectDelay(1, 30);
    o.setKeepAliveInterval(30);
    o.setConnectionTimeout(10);
    o.setMaximumPacketSize(MAX_PACKET_BYTES);
    o.setReceiveMaximum(64);
    if (broker.username() != null) {
      o.setUserName(broker.username());
    }
    if (broker.password() != null) {
      o.setPassword(broker.password().getBytes(StandardCharsets.UTF_8));
    }
    return o;
  }

  private void connectLoop() {
    long delayMs = 500;
    while (!closing) {
      try {
        client.connect(options()).waitForCompletion(15_000);
        if (client.isConnected()) {
          return; // Paho reconnects from here on; connectComplete subscribes
        }
      } catch (MqttException e) {
        log.info("{}: cannot connect to {}: {}", source, broker.serverUri(), e.getMessage());
      }
      LockSupport.parkNanos(Duration.ofMillis(delayMs).toNanos());
      delayMs = Math.min(30_000, delayMs * 2);
    }
  }

  /** Drops the connection without acknowledging, then connects again (on a thread of its own). */
  private void recycle() {
    if (closing || !recycling.compareAndSet(false, true)) {
      return;
    }
    connection.incrementAndGet(); // nothing received so far is acknowledged any more
    Thread t =
        new Thread(
            () -> {
              try {
                client.disconnectForcibly(0, 1_000, false);
              } catch (MqttException e) {
                log.debug("{}: forced disconnect: {}", source, e.getMessage());
              }
              LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
              recycling.set(false);
              connectLoop();
            },
            "anxin-lan-recycle-" + source.tag());
    t.setDaemon(true);
    t.start();
  }

  private void ack(MqttMessage message) {
    try {
      client.messageArrivedComplete(message.getId(), message.getQos());
    } catch (MqttException e) {
      log.debug("{}: ack failed: {}", source, e.getMessage());
    }
  }

  private void subscribe() {
    int[] qos = new int[filters.size()];
    java.util.Arrays.fill(qos, 1);
    try {
      client.subscribe(filters.toArray(String[]::new), qos);
    } catch (MqttException e) {
      log.warn("{}: subscribe failed: {}", source, e.getMessage());
    }
  }

  @Override
  public void close() {
    closing = true;
    connector.interrupt();
    try {
      if (client.isConnected()) {
        client.disconnect(1_000).waitForCompletion(2_000);
      }
    } catch (MqttException e) {
      log.debug("{}: disconnect: {}", source, e.getMessage());
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      log.debug("{}: close: {}", source, e.getMessage());
    }
  }

  private final class Callback implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      long on = connection.get();
      long refusals = 0;
      while (true) {
        try {
          handler.handle(topic, message.getPayload());
          break;
        } catch (JournalFullException e) {
          // Hold this message (and so the flow: the broker keeps the rest) until the uplink
          // has drained the journal. No reconnect: its acknowledgements could name other
          // messages on the next connection.
          metrics.error(source);
          if (refusals++ % 30 == 0) {
            log.warn(
                "{}: {}; holding the message, trying again every second", source, e.getMessage());
          }
          LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
          if (closing || connection.get() != on) {
            return; // the broker sends it again on the next connection
          }
        } catch (IOException e) {
          metrics.error(source);
          log.error("{}: journal failed; reconnecting so that the broker resends", source, e);
          recycle();
          return;
        } catch (RuntimeException e) {
          metrics.error(source);
          log.error("{}: a {}-byte message failed", source, message.getPayload().length, e);
          break;
        }
      }
      if (connection.get() == on) {
        ack(message);
      } // else journalled, and sent again by the broker on the new connection: a duplicate
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      log.info("{}: connected to {}", source, serverUri);
      subscribe();
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      // before any message of the next connection: what is still being handled is not acked
      connection.incrementAndGet();
      if (!closing) {
        log.info("{}: disconnected: {}", source, response);
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      log.debug("{}: MQTT error: {}", source, exception.getMessage());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
