package anxin.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.gateway.Journal;
import anxin.protocol.DecodeResult;
import anxin.protocol.Event;
import anxin.protocol.Limits;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.sim.Pacer;
import anxin.protocol.sim.Plan;
import anxin.protocol.sim.RecordingSink;
import anxin.protocol.sim.Scenarios;
import anxin.protocol.sim.Simulator;
import anxin.testing.MqttBroker;
import anxin.testing.MqttRecorder;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** Simulated events for the uplink's tests, what a subscriber saw of them, and clean-up. */
final class Traffic {

  private Traffic() {}

  /** (dev, seq): the platform's dedup key. */
  record Key(String dev, long seq) {
    static Key of(Event e) {
      return new Key(e.dev(), e.seq());
    }
  }

  /** A unique facility id for one test on a shared broker. */
  static String facility() {
    return "it-" + UUID.randomUUID().toString().substring(0, 12);
  }

  /**
   * {@code n} events of a simulated night in a 40-bed home, in emission order: every alarm of the
   * night (two falls, a panic) and the first others.
   */
  static List<Event> night(int n) throws InterruptedException {
    Plan plan = Plan.of(Scenarios.bundled(Scenarios.NIGHT_40_BEDS), LocalDate.of(2026, 1, 10));
    RecordingSink sink = new RecordingSink();
    Simulator.run(plan, sink, Pacer.virtual());
    List<Event> all = sink.events();
    long alarms = all.stream().filter(e -> e.type().isAlarm()).count();
    assertThat(alarms).isPositive();
    assertThat(all.size()).isGreaterThanOrEqualTo(n);
    List<Event> out = new ArrayList<>(n);
    long others = n - alarms;
    for (Event e : all) {
      if (e.type().isAlarm() || others-- > 0) {
        out.add(e);
      }
    }
    return out;
  }

  /** Every event in the {@code _batch} messages received, in arrival order. */
  static List<Event> decoded(MqttRecorder recorder) {
    EventCodec codec = new EventCodec();
    List<Event> out = new ArrayList<>();
    for (MqttRecorder.Received r : recorder.received()) {
      DecodeResult d = codec.decode(r.payload());
      assertThat(d.rejections()).as("rejections in a batch").isEmpty();
      assertThat(r.payload().length).isLessThanOrEqualTo(Limits.MAX_MESSAGE_BYTES);
      out.addAll(d.events());
    }
    return out;
  }

  /** The distinct (dev, seq) among {@code events}. */
  static Set<Key> keys(List<Event> events) {
    Set<Key> out = new HashSet<>();
    events.forEach(e -> out.add(Key.of(e)));
    return out;
  }

  /** Each event's first arrival, in arrival order (later copies are resends). */
  static List<Event> firstArrivals(List<Event> received) {
    Map<Key, Event> first = new LinkedHashMap<>();
    received.forEach(e -> first.putIfAbsent(Key.of(e), e));
    return new ArrayList<>(first.values());
  }

  /** How many events arrived more than once (resends). */
  static int duplicates(List<Event> received) {
    return received.size() - keys(received).size();
  }

  /**
   * Everything sent arrived, every copy identical to the event sent; alarms arrived before any
   * other event of {@code sent}; each device's other events in seq order (wrap-aware, §3).
   */
  static void assertDelivered(List<Event> sent, List<Event> received) {
    Map<Key, Event> byKey = new HashMap<>();
    sent.forEach(e -> byKey.put(Key.of(e), e));
    List<Event> ours = received.stream().filter(e -> byKey.containsKey(Key.of(e))).toList();
    for (Event e : ours) {
      assertThat(e).as("a resend is the same event").isEqualTo(byKey.get(Key.of(e)));
    }
    assertThat(keys(ours)).as("every (dev, seq) delivered").isEqualTo(byKey.keySet());

    List<Event> first = firstArrivals(ours);
    int lastAlarm = -1;
    int firstOther = Integer.MAX_VALUE;
    for (int i = 0; i < first.size(); i++) {
      if (first.get(i).type().isAlarm()) {
        lastAlarm = i;
      } else {
        firstOther = Math.min(firstOther, i);
      }
    }
    assertThat(lastAlarm).as("every alarm before the first other event").isLessThan(firstOther);
    assertPerDeviceOrder(first);
  }

  static void assertPerDeviceOrder(List<Event> firstArrivals) {
    Map<String, Long> last = new HashMap<>();
    for (Event e : firstArrivals) {
      if (e.type().isAlarm()) {
        continue;
      }
      Long prev = last.put(e.dev(), e.seq());
      if (prev != null) {
        long step = (e.seq() - prev) & Limits.MAX_SEQ;
        assertThat(step)
            .as("%s: seq %d after %d", e.dev(), e.seq(), prev)
            .isBetween(1L, Limits.MAX_SEQ / 2);
      }
    }
  }

  /**
   * Removes what a test left on a shared broker: the gateway's persistent session (a clean start
   * with session expiry 0) and its retained status.
   */
  static void cleanUp(MqttBroker broker, UplinkConfig config) throws Exception {
    MqttClient c = new MqttClient(broker.serverUri(), config.clientId(), new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setSessionExpiryInterval(0L);
    c.connect(o);
    MqttMessage clear = new MqttMessage(new byte[0]);
    clear.setQos(1);
    clear.setRetained(true);
    c.publish(config.statusTopic(), clear);
    c.disconnect();
    c.close();
  }

  /** Appends and returns the events' journal ids. */
  static long[] append(Journal journal, List<Event> events) throws Exception {
    return journal.appendAll(events);
  }
}
