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
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
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
   * Publishes {@code device}'s first event, of {@code kind}, stamped with the wall clock.
   *
   * @param dueAfter how long after publishing the page is due (the timer's duration), else zero
   */
  void send(String device, Kind kind, Duration dueAfter) throws MqttException {
    Event e = Event.of(device, 1, kind.type).withTs(System.currentTimeMillis());
    if (kind == Kind.TIMER) {
      e = e.withData(Map.of(Event.DATA_DOOR, "main"));
    }
    long now = System.nanoTime();
    sent.put(device, new Sent(device, kind, now, now + dueAfter.toNanos()));
    client.publish(Topics.event(facility, device), codec.encodeJson(e), 1, false);
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
