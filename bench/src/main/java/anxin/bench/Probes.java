package anxin.bench;

import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * The rare alarms whose latency is measured: each from a device that has never sent an event, so
 * each opens its own alert and its first page belongs to it alone. A probe is published on the
 * device's own topic (as a device talking to the broker directly, or a gateway forwarding an alarm
 * at once) by one Paho MQTT 5 client, QoS 1; its {@link System#nanoTime()} at publish is kept, and
 * a receiver ({@link PageListener} on the platform's console stream, or {@link FloorListener} on
 * the raw broker) reports when it arrived.
 */
final class Probes implements AutoCloseable {

  /** What a probe is and what it should cause. */
  enum Kind {
    /** A panic press: a P1 alert, paged at once. */
    P1(EventType.PANIC, "panic_button"),
    /** A tamper event: a P2 alert, paged at once. */
    P2(EventType.TAMPER, "door_sensor"),
    /** A door opened and left open: the door-left-open timer rule (P3) pages when it is due. */
    TIMER(EventType.DOOR_OPEN, "door_sensor");

    final EventType type;
    final String deviceKind;

    Kind(EventType type, String deviceKind) {
      this.type = type;
      this.deviceKind = deviceKind;
    }
  }

  /** One probe sent: when it was published, and when its page is due (timer) or expected. */
  record Sent(String device, Kind kind, long publishedNanos, long dueNanos) {}

  private final MqttAsyncClient client;
  private final String facility;
  private final EventCodec codec = new EventCodec();
  private final Map<String, Sent> sent = new ConcurrentHashMap<>();
  private final AtomicLong held = new AtomicLong();

  /** How long a probe is offered again while the client's window is full. */
  static final Duration WINDOW_WAIT = Duration.ofSeconds(60);

  private static final long RETRY_NANOS = Duration.ofMillis(1).toNanos();

  private Probes(MqttAsyncClient client, String facility) {
    this.client = client;
    this.facility = facility;
  }

  static Probes connect(String serverUri, String clientId, String facility) throws MqttException {
    MqttAsyncClient c = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setSessionExpiryInterval(0L);
    c.connect(o).waitForCompletion(10_000);
    return new Probes(c, facility);
  }

  /** The id of probe {@code n} of {@code kind} in phase {@code phase}. */
  static String deviceId(String phase, Kind kind, int n) {
    return "probe-" + phase + "-" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + n;
  }

  /**
   * Publishes {@code device}'s first event, of {@code kind}, stamped with the wall clock. Open
   * loop: the probe counts from {@code scheduledNanos}, when it was due to be pressed, so that a
   * probe held up, here or by the one before it, carries the wait. While the broker has not
   * acknowledged as many QoS 1 publishes as it lets this client have in flight (its receive
   * maximum, 20 on a stock Mosquitto: reached in the 5x burst of the full run, when the broker
   * answers slowly), Paho refuses with 32202 and nothing is sent; the probe is offered again until
   * {@link #WINDOW_WAIT} has passed, as a device would retry.
   *
   * @param scheduledNanos when the probe was due to be sent ({@link System#nanoTime})
   * @param dueAfter how long after that the page is due (the timer's duration), else zero
   */
  void send(String device, Kind kind, long scheduledNanos, Duration dueAfter) throws MqttException {
    Event e = Event.of(device, 1, kind.type).withTs(System.currentTimeMillis());
    if (kind == Kind.TIMER) {
      e = e.withData(Map.of(Event.DATA_DOOR, "main"));
    }
    sent.put(device, new Sent(device, kind, scheduledNanos, scheduledNanos + dueAfter.toNanos()));
    String topic = Topics.event(facility, device);
    byte[] payload = codec.encodeJson(e);
    long deadline = System.nanoTime() + WINDOW_WAIT.toNanos();
    while (true) {
      try {
        client.publish(topic, payload, 1, false);
        return;
      } catch (MqttException x) {
        if (x.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT
            || System.nanoTime() > deadline) {
          throw x;
        }
        held.incrementAndGet();
        LockSupport.parkNanos(RETRY_NANOS);
      }
    }
  }

  /** How many times a probe found the client's window full and was offered again. */
  long held() {
    return held.get();
  }

  Sent sent(String device) {
    return sent.get(device);
  }

  /**
   * Latencies of the probes of {@code kind} among {@code devices}, in nanoseconds after each was
   * due: arrival time by device from {@code arrivals}; a probe that never arrived counts as {@code
   * missing}.
   */
  static Latencies latencies(
      Probes probes, List<String> devices, Kind kind, Map<String, Long> arrivals) {
    List<Long> values = new ArrayList<>();
    int missing = 0;
    for (String d : devices) {
      Sent s = probes.sent(d);
      if (s == null || s.kind() != kind) {
        continue;
      }
      Long at = arrivals.get(d);
      if (at == null) {
        missing++;
      } else {
        values.add(at - s.dueNanos());
      }
    }
    long[] v = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(v);
    return new Latencies(v, missing);
  }

  /** Sorted latencies in nanoseconds, and how many probes had none. */
  record Latencies(long[] nanos, int missing) {
    int count() {
      return nanos.length;
    }

    /** The {@code q} quantile in milliseconds (nearest rank), NaN when empty. */
    double millis(double q) {
      if (nanos.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.ceil(q * nanos.length) - 1;
      return nanos[Math.max(0, Math.min(nanos.length - 1, i))] / 1e6;
    }
  }

  @Override
  public void close() {
    try {
      client.disconnect(5_000).waitForCompletion(5_000);
    } catch (MqttException e) {
      // closing
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      // closing
    }
  }
}
