package anxin.gateway.uplink;

import anxin.gateway.Journal;
import anxin.gateway.StatusAttachment;
import anxin.protocol.codec.EventCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttConnAck;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the {@link Journal} to the platform's broker (issue 6 item 3, docs/gateway-uplink.md): MQTT
 * 5 over Paho's async client, QoS 1, batches on {@code anxin/v1/{facility}/_batch/event}, events
 * marked sent only on PUBACK, a retained status with Last Will (DESIGN §3).
 *
 * <p>One thread, the sender, owns the connection: it connects (backing off with jitter between
 * failed attempts), publishes the online status, then takes from the journal in send order and
 * publishes batches while fewer than the window are unacknowledged. When the connection is lost it
 * drops the client, {@link Journal#rewind rewinds} the journal so that every unacknowledged event
 * is sent again on the next connection, and reconnects. Paho's own automatic reconnect and message
 * buffering are off: the journal is the buffer.
 */
public final class Uplink implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Uplink.class);

  /** The Last Will's payload and what a graceful close publishes. */
  static final byte[] OFFLINE = "{\"state\":\"offline\"}".getBytes(StandardCharsets.UTF_8);

  /**
   * MQTT 5 PUBACK reason 0x10: the broker took the message but no subscription matched it, so
   * nobody will ever receive it. For events that means the platform is not listening (its ingest
   * has not subscribed yet, or Mosquitto forgot its shared subscription across a restart,
   * docs/reliability.md); the batch counts as not delivered and is sent again.
   */
  static final int NO_MATCHING_SUBSCRIBERS = 0x10;

  /**
   * Counters since start; {@code unheard} counts batches the broker acknowledged with {@link
   * #NO_MATCHING_SUBSCRIBERS} (or an error reason), kept and sent again.
   */
  public record Stats(
      long batchesAcked,
      long eventsAcked,
      long connects,
      long linksLost,
      long tooLarge,
      long unheard) {}

  /** Where the sender is. */
  public enum State {
    /** Connecting, or waiting before the next attempt. */
    CONNECTING,
    /** Connected: the online status is published and batches flow. */
    ONLINE,
    /** Closed. */
    CLOSED
  }

  /** A PUBACK (or a failed publish) for the batch of {@code ids}, on connection {@code epoch}. */
  private record Ack(int epoch, long[] ids, boolean ok) {}

  private final UplinkConfig config;
  private final Journal journal;
  private final StatusAttachment attachment;
  private final Batcher batcher;
  private final Backoff backoff;
  private volatile boolean alarmWaiting;
  private volatile long attemptStarted = System.nanoTime();
  private final Thread sender;
  private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
  private final AtomicLong batchesAcked = new AtomicLong();
  private final AtomicLong eventsAcked = new AtomicLong();
  private final AtomicLong connects = new AtomicLong();
  private final AtomicLong linksLost = new AtomicLong();
  private final AtomicLong tooLarge = new AtomicLong();
  private final AtomicLong unheard = new AtomicLong();
  private volatile boolean closing;
  private volatile boolean linkLost;
  private volatile State state = State.CONNECTING;

  // the sender's own
  private volatile int epoch;
  private int inFlight;
  private Batcher.Batch held;

  private Uplink(UplinkConfig config, Journal journal, StatusAttachment attachment) {
    this.config = config;
    this.journal = journal;
    this.attachment = attachment;
    this.batcher =
        new Batcher(
            new EventCodec(), config.format(), config.maxBatchEvents(), config.maxBatchBytes());
    this.backoff =
        new Backoff(
            config.backoffMin().toMillis(),
            config.backoffMax().toMillis(),
            () -> ThreadLocalRandom.current().nextDouble());
    this.sender = new Thread(this::run, "anxin-uplink-" + config.gateway());
    this.sender.setDaemon(true);
  }

  /** Starts the sender; it connects in the background and keeps reconnecting until closed. */
  public static Uplink start(UplinkConfig config, Journal journal) {
    return start(config, journal, StatusAttachment.NONE);
  }

  /**
   * As {@link #start(UplinkConfig, Journal)}, with extra members in every status message (e.g. the
   * local alarms to report, docs/gateway.md); {@code attachment} hears when a status message that
   * carried its snapshot was acknowledged.
   */
  public static Uplink start(UplinkConfig config, Journal journal, StatusAttachment attachment) {
    Uplink u = new Uplink(config, journal, attachment);
    log.info("uplink: starting {}", config);
    u.sender.start();
    return u;
  }

  /**
   * Tells the sender that events were appended, so they leave at once rather than at the next
   * {@link UplinkConfig#idlePoll}. Cheap; adapters may call it after every append.
   */
  public void wake() {
    LockSupport.unpark(sender);
  }

  /**
   * Like {@link #wake()}, for a stored {@code panic} or {@code fall}: also shortens a reconnect
   * delay in progress to {@link UplinkConfig#backoffMin} after the last attempt began, so an alarm
   * does not wait out a long backoff (up to {@code backoffMax}) once the link is back. At most one
   * attempt per {@code backoffMin} however many alarms arrive.
   */
  public void wakeForAlarm() {
    alarmWaiting = true;
    LockSupport.unpark(sender);
  }

  public State state() {
    return state;
  }

  public Stats stats() {
    return new Stats(
        batchesAcked.get(),
        eventsAcked.get(),
        connects.get(),
        linksLost.get(),
        tooLarge.get(),
        unheard.get());
  }

  /**
   * Waits (up to 5 s) for the batches in flight to be acknowledged, publishes the retained {@code
   * offline} status, disconnects and stops the sender. Does not close the journal.
   */
  @Override
  public void close() throws InterruptedException {
    closing = true;
    LockSupport.unpark(sender);
    sender.join(config.connectTimeout().toMillis() + 10_000);
    state = State.CLOSED;
  }

  // --- the sender ---

  private void run() {
    int failures = 0;
    while (!closing) {
      MqttAsyncClient client = null;
      boolean delivered = false;
      try {
        attemptStarted = System.nanoTime();
        client = newClient();
        int window = connect(client);
        connects.incrementAndGet();
        long acked = batchesAcked.get();
        session(client, window);
        delivered = batchesAcked.get() > acked;
      } catch (MqttException e) {
        log.info("uplink: cannot connect to {}: {}", config.serverUris(), describe(e));
      } catch (IOException e) {
        log.error("uplink: journal failed", e);
      } catch (RuntimeException e) {
        log.error("uplink: unexpected failure", e);
      } finally {
        teardown(client);
      }
      if (!closing) {
        failures = delivered ? 1 : failures + 1;
        long delay = backoff.delayMillis(failures);
        log.info("uplink: reconnecting in {} ms (attempt {})", delay, failures + 1);
        backOff(TimeUnit.MILLISECONDS.toNanos(delay));
      }
    }
    state = State.CLOSED;
  }

  private MqttAsyncClient newClient() throws MqttException {
    epoch++;
    linkLost = false;
    MqttAsyncClient client =
        new MqttAsyncClient(config.serverUris().get(0), config.clientId(), new MemoryPersistence());
    client.setCallback(new Callback(epoch));
    return client;
  }

  /** Connects; returns the window for this connection. */
  private int connect(MqttAsyncClient client) throws MqttException {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setServerURIs(config.serverUris().toArray(String[]::new));
    o.setCleanStart(false);
    o.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
    o.setKeepAliveInterval((int) config.keepAlive().toSeconds());
    o.setConnectionTimeout((int) Math.max(1, config.connectTimeout().toSeconds()));
    o.setAutomaticReconnect(false);
    if (config.username() != null) {
      o.setUserName(config.username());
    }
    if (config.password() != null) {
      o.setPassword(config.password().getBytes(StandardCharsets.UTF_8));
    }
    if (config.socketFactory() != null) {
      o.setSocketFactory(config.socketFactory());
    }
    MqttMessage will = new MqttMessage(OFFLINE);
    will.setQos(1);
    will.setRetained(true);
    o.setWill(config.statusTopic(), will);
    IMqttToken token = client.connect(o);
    token.waitForCompletion(config.connectTimeout().toMillis() + 1_000);
    if (!client.isConnected()) {
      throw new MqttException(MqttClientException.REASON_CODE_CLIENT_TIMEOUT);
    }
    // MQTT 5 §3.2.2.3.3: no more unacknowledged QoS 1 publishes than the server's Receive Maximum;
    // one slot stays free for the status message.
    int receiveMax = 65_535;
    if (token.getResponse() instanceof MqttConnAck ack
        && ack.getProperties() != null
        && ack.getProperties().getReceiveMaximum() != null) {
      receiveMax = ack.getProperties().getReceiveMaximum();
    }
    int window = Math.max(1, Math.min(config.window(), receiveMax - 1));
    log.info("uplink: connected to {} (window {})", client.getCurrentServerURI(), window);
    return window;
  }

  private void session(MqttAsyncClient client, int window) throws IOException {
    state = State.ONLINE;
    long beatNanos = config.heartbeat().toNanos();
    long nextBeat = System.nanoTime();
    while (!closing && !linkLost) {
      drainAcks();
      long now = System.nanoTime();
      if (now - nextBeat >= 0) {
        nextBeat =
            publishStatus(client) ? now + beatNanos : now + TimeUnit.MILLISECONDS.toNanos(10);
      }
      if (inFlight < window && sendNext(client)) {
        continue;
      }
      parkFor(Math.min(config.idlePoll().toNanos(), Math.max(0, nextBeat - now)));
    }
    if (closing && !linkLost) {
      finish(client);
    }
  }

  /** Publishes the next batch, if there is one; false when nothing was sent. */
  private boolean sendNext(MqttAsyncClient client) throws IOException {
    Batcher.Batch b = held;
    held = null;
    if (b == null) {
      int room = batcher.room();
      if (room > 0) {
        batcher.add(journal.poll(room));
      }
      b = batcher.next();
    }
    if (b == null) {
      return false;
    }
    if (b.tooLarge()) {
      tooLarge.incrementAndGet();
      log.warn(
          "uplink: event {} exceeds {} bytes on its own; dropped",
          b.ids()[0],
          config.maxBatchBytes());
      journal.markSent(b.ids());
      return true;
    }
    return publish(client, b);
  }

  private boolean publish(MqttAsyncClient client, Batcher.Batch b) {
    MqttMessage m = new MqttMessage(b.payload());
    m.setQos(1);
    int ep = epoch;
    try {
      client.publish(
          config.batchTopic(),
          m,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              int reason = pubAckReason(token);
              boolean heard = reason < 0x80 && reason != NO_MATCHING_SUBSCRIBERS;
              if (!heard) {
                unheard.incrementAndGet();
                log.warn(
                    "uplink: batch of {} events acknowledged with reason 0x{} (nobody subscribed"
                        + " or refused); keeping it and sending again",
                    b.ids().length,
                    Integer.toHexString(reason));
              }
              acks.add(new Ack(ep, b.ids(), heard));
              LockSupport.unpark(sender);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              log.debug("uplink: publish failed: {}", e.toString());
              acks.add(new Ack(ep, b.ids(), false));
              LockSupport.unpark(sender);
            }
          });
      inFlight++;
      return true;
    } catch (MqttException e) {
      if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
        // Paho frees its slot a moment after the PUBACK callback; try again shortly
        held = b;
        parkFor(TimeUnit.MILLISECONDS.toNanos(1));
        return true;
      }
      log.info("uplink: publish failed: {}", describe(e));
      linkLost = true;
      return false;
    }
  }

  /** The PUBACK's reason code; 0 (success) when the broker sent none (MQTT 3 brokers). */
  static int pubAckReason(IMqttToken token) {
    int[] codes = token.getReasonCodes();
    return codes == null || codes.length == 0 ? 0 : codes[0];
  }

  private void drainAcks() throws IOException {
    for (Ack a = acks.poll(); a != null; a = acks.poll()) {
      if (a.ok) {
        journal.markSent(a.ids);
        batchesAcked.incrementAndGet();
        eventsAcked.addAndGet(a.ids.length);
      }
      if (a.epoch == epoch) {
        inFlight--;
        if (!a.ok) {
          linkLost = true; // resend everything unacknowledged on a fresh connection
        }
      }
    }
  }

  /** Publishes the retained online status; false if Paho's window was full. */
  private boolean publishStatus(MqttAsyncClient client) {
    StatusAttachment.Snapshot extra = null;
    try {
      extra = attachment.snapshot();
    } catch (RuntimeException e) {
      log.warn("uplink: status attachment failed", e);
    }
    String json =
        "{\"state\":\"online\",\"ver\":\""
            + jsonEscape(config.version())
            + "\",\"queued\":"
            + journal.size()
            + ",\"evicted\":"
            + journal.evicted()
            + (extra == null ? "" : "," + extra.jsonMembers())
            + "}";
    StatusAttachment.Snapshot carried = extra;
    MqttActionListener listener =
        carried == null
            ? null
            : new MqttActionListener() {
              @Override
              public void onSuccess(IMqttToken token) {
                try {
                  attachment.delivered(carried);
                } catch (RuntimeException e) {
                  log.warn("uplink: status attachment failed", e);
                }
              }

              @Override
              public void onFailure(IMqttToken token, Throwable e) {}
            };
    return publishRetained(client, json.getBytes(StandardCharsets.UTF_8), listener) != null;
  }

  private IMqttToken publishRetained(MqttAsyncClient client, byte[] payload) {
    return publishRetained(client, payload, null);
  }

  private IMqttToken publishRetained(
      MqttAsyncClient client, byte[] payload, MqttActionListener listener) {
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    m.setRetained(true);
    try {
      return client.publish(config.statusTopic(), m, null, listener);
    } catch (MqttException e) {
      if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
        linkLost = true;
      }
      return null;
    }
  }

  /** Graceful close: lets the window drain, says offline, disconnects (the Will is not sent). */
  private void finish(MqttAsyncClient client) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (inFlight > 0 && !linkLost && System.nanoTime() - deadline < 0) {
      parkFor(TimeUnit.MILLISECONDS.toNanos(10));
      drainAcks();
    }
    IMqttToken offline = publishRetained(client, OFFLINE);
    try {
      if (offline != null) {
        offline.waitForCompletion(2_000);
      }
      client.disconnect(1_000).waitForCompletion(2_000);
    } catch (MqttException e) {
      log.debug("uplink: disconnect: {}", describe(e));
    }
  }

  private void teardown(MqttAsyncClient client) {
    state = closing ? State.CLOSED : State.CONNECTING;
    if (client != null) {
      try {
        if (client.isConnected()) {
          client.disconnectForcibly(0, 1_000, false);
        }
      } catch (MqttException e) {
        log.debug("uplink: forced disconnect: {}", describe(e));
      }
      try {
        client.close(true);
      } catch (MqttException e) {
        log.debug("uplink: close: {}", describe(e));
      }
    }
    try {
      drainAcks(); // PUBACKs that made it before the end still count
    } catch (IOException | RuntimeException e) {
      log.warn("uplink: journal failed while recording acknowledgements", e);
    }
    inFlight = 0;
    held = null;
    batcher.clear();
    journal.rewind();
  }

  /**
   * Waits out a reconnect delay. Unlike {@link #parkFor}, {@link #wake()} does not end it early:
   * during an outage every stored event calls {@code wake()}, and cutting the delay short would
   * make each one a connection attempt (the gateway benchmark saw 50,000 attempts in a minute).
   * Only {@link #close()} ends it early.
   */
  private void backOff(long nanos) {
    long deadline = System.nanoTime() + nanos;
    long alarmDeadline = attemptStarted + config.backoffMin().toNanos();
    for (long left = nanos; left > 0 && !closing; left = deadline - System.nanoTime()) {
      if (alarmWaiting && deadline - alarmDeadline > 0) {
        deadline = alarmDeadline; // an alarm is waiting: try again soon, but not in a loop
        left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
      }
      LockSupport.parkNanos(this, left);
    }
    alarmWaiting = false;
  }

  private void parkFor(long nanos) {
    if (nanos > 0 && !closing) {
      LockSupport.parkNanos(this, nanos);
    }
  }

  private static String describe(MqttException e) {
    return e.getMessage() + " (" + e.getReasonCode() + ")";
  }

  private static String jsonEscape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private final class Callback implements MqttCallback {
    private final int epoch;

    Callback(int epoch) {
      this.epoch = epoch;
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      if (epoch == Uplink.this.epoch && !closing) {
        log.info("uplink: connection lost: {}", response);
        linksLost.incrementAndGet();
        linkLost = true;
        LockSupport.unpark(sender);
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      log.debug("uplink: MQTT error: {}", describe(exception));
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
