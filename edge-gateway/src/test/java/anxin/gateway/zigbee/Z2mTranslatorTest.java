package anxin.gateway.zigbee;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Zigbee2MQTT mapping, table-driven. Payloads are shaped like what Zigbee2MQTT publishes for
 * real devices (zigbee2mqtt.io device pages): Aqara MCCGQ11LM door and window contact, WXKG11LM
 * wireless mini switch, RTCGQ11LM motion sensor, and a generic presence radar.
 */
class Z2mTranslatorTest {

  static final String MAPPING =
      """
      {
        "baseTopic": "zigbee2mqtt",
        "batteryLowPercent": 15,
        "heartbeatSeconds": 300,
        "devices": [
          {"friendly_name": "room12/door", "device": "door-12", "kind": "door", "door": "main"},
          {"friendly_name": "Room 12 button", "device": "pb-12", "kind": "button"},
          {"friendly_name": "hall motion", "device": "pir-1", "kind": "motion"},
          {"friendly_name": "bath radar", "device": "radar-3", "kind": "radar",
           "rules": [{"field": "fall", "equals": "fall_detected", "type": "fall"}]},
          {"friendly_name": "pendant", "device": "pb-20", "kind": "button",
           "actions": {"double": "panic", "single": "heartbeat"}}
        ]
      }
      """;

  static final Instant T0 = Instant.parse("2026-01-10T22:00:00Z");

  // Aqara MCCGQ11LM
  static final String DOOR_CLOSED =
      "{\"battery\":100,\"contact\":true,\"device_temperature\":21,\"linkquality\":120,"
          + "\"power_outage_count\":3,\"voltage\":3025}";
  static final String DOOR_OPEN = DOOR_CLOSED.replace("\"contact\":true", "\"contact\":false");
  // Aqara WXKG11LM
  static final String BUTTON_SINGLE =
      "{\"action\":\"single\",\"battery\":91,\"linkquality\":87,\"voltage\":2995}";
  static final String BUTTON_RELEASE =
      "{\"action\":\"release\",\"battery\":91,\"linkquality\":87,\"voltage\":2995}";
  static final String BUTTON_CLEARED = "{\"action\":\"\",\"battery\":91,\"linkquality\":87}";
  // Aqara RTCGQ11LM
  static final String MOTION_ON =
      "{\"battery\":100,\"illuminance\":381,\"illuminance_lux\":381,\"linkquality\":120,"
          + "\"occupancy\":true,\"voltage\":3045}";
  static final String MOTION_OFF = MOTION_ON.replace("\"occupancy\":true", "\"occupancy\":false");

  /** A message at an offset from T0 in seconds. */
  record Msg(String topic, String payload, long atSeconds) {
    static Msg of(String friendlyName, String payload, long at) {
      return new Msg("zigbee2mqtt/" + friendlyName, payload, at);
    }
  }

  static Stream<Arguments> sequences() {
    return Stream.of(
        Arguments.of(
            "door: open, republished open, closed",
            List.of(
                Msg.of("room12/door", DOOR_OPEN, 0),
                Msg.of("room12/door", DOOR_OPEN, 1),
                Msg.of("room12/door", DOOR_CLOSED, 2)),
            List.of(EventType.DOOR_OPEN, EventType.DOOR_CLOSE)),
        Arguments.of(
            "door: first report is closed",
            List.of(Msg.of("room12/door", DOOR_CLOSED, 0)),
            List.of(EventType.DOOR_CLOSE)),
        Arguments.of(
            "button: every press is a panic, release and the cleared action are not",
            List.of(
                Msg.of("Room 12 button", BUTTON_SINGLE, 0),
                Msg.of("Room 12 button", BUTTON_CLEARED, 0),
                Msg.of("Room 12 button", BUTTON_SINGLE, 5),
                Msg.of("Room 12 button", BUTTON_RELEASE, 6)),
            List.of(EventType.PANIC, EventType.PANIC)),
        Arguments.of(
            "button: hold and double map to panic by default",
            List.of(
                Msg.of("Room 12 button", BUTTON_SINGLE.replace("single", "hold"), 0),
                Msg.of("Room 12 button", BUTTON_SINGLE.replace("single", "double"), 1)),
            List.of(EventType.PANIC, EventType.PANIC)),
        Arguments.of(
            "button: a mapping's own actions replace the defaults",
            List.of(
                Msg.of("pendant", BUTTON_SINGLE, 0),
                Msg.of("pendant", BUTTON_SINGLE.replace("single", "hold"), 1),
                Msg.of("pendant", BUTTON_SINGLE.replace("single", "double"), 2)),
            List.of(EventType.HEARTBEAT, EventType.PANIC)),
        Arguments.of(
            "motion: occupancy on emits once, off and on again emits again",
            List.of(
                Msg.of("hall motion", MOTION_ON, 0),
                Msg.of("hall motion", MOTION_ON, 30),
                Msg.of("hall motion", MOTION_OFF, 90),
                Msg.of("hall motion", MOTION_ON, 100)),
            List.of(EventType.MOTION, EventType.MOTION)),
        Arguments.of(
            "radar: presence is motion, the mapping's fall rule is a fall",
            List.of(
                Msg.of("bath radar", "{\"presence\":true,\"fall\":\"normal\"}", 0),
                Msg.of("bath radar", "{\"presence\":true,\"fall\":\"fall_detected\"}", 1),
                Msg.of("bath radar", "{\"presence\":true,\"fall\":\"fall_detected\"}", 2)),
            List.of(EventType.MOTION, EventType.FALL)),
        Arguments.of(
            "tamper becoming true, once",
            List.of(
                Msg.of("hall motion", "{\"occupancy\":false,\"tamper\":false}", 0),
                Msg.of("hall motion", "{\"occupancy\":false,\"tamper\":true}", 1),
                Msg.of("hall motion", "{\"occupancy\":false,\"tamper\":true}", 2)),
            List.of(EventType.HEARTBEAT, EventType.TAMPER)),
        Arguments.of(
            "battery falling to the threshold: battery_low once",
            List.of(
                Msg.of("hall motion", "{\"occupancy\":false,\"battery\":16}", 0),
                Msg.of("hall motion", "{\"occupancy\":false,\"battery\":15}", 1),
                Msg.of("hall motion", "{\"occupancy\":false,\"battery\":14}", 2)),
            List.of(EventType.HEARTBEAT, EventType.BATTERY_LOW)),
        Arguments.of(
            "battery_low flag from the device",
            List.of(Msg.of("hall motion", "{\"occupancy\":false,\"battery_low\":true}", 0)),
            List.of(EventType.BATTERY_LOW)),
        Arguments.of(
            "no change for the heartbeat interval: a heartbeat",
            List.of(
                Msg.of("room12/door", DOOR_CLOSED, 0),
                Msg.of("room12/door", DOOR_CLOSED, 299),
                Msg.of("room12/door", DOOR_CLOSED, 300)),
            List.of(EventType.DOOR_CLOSE, EventType.HEARTBEAT)),
        Arguments.of(
            "not for us: bridge, availability, set",
            List.of(
                new Msg("zigbee2mqtt/bridge/state", "{\"state\":\"online\"}", 0),
                new Msg("zigbee2mqtt/bridge/devices", "[]", 0),
                new Msg("zigbee2mqtt/hall motion/availability", "{\"state\":\"online\"}", 0),
                new Msg("zigbee2mqtt/some lamp/set", "{\"state\":\"ON\"}", 0)),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sequences")
  void messages_yieldEventTypes(String name, List<Msg> messages, List<EventType> expected)
      throws IOException {
    Z2mTranslator t = new Z2mTranslator(Z2mMapping.parse(MAPPING), Z2mState.inMemory());
    List<EventType> got = new ArrayList<>();
    for (Msg m : messages) {
      Translation r = stored(t, m.topic(), m.payload(), T0.plusSeconds(m.atSeconds()));
      assertThat(r.rejected()).as(m.toString()).isNull();
      r.events().forEach(e -> got.add(e.type()));
    }
    assertThat(got).isEqualTo(expected);
  }

  static Stream<Arguments> rejections() {
    return Stream.of(
        Arguments.of("zigbee2mqtt/unmapped lamp", "{\"state\":\"ON\"}", Reason.UNKNOWN_DEVICE),
        Arguments.of("zigbee2mqtt/hall motion", "ON", Reason.MALFORMED),
        Arguments.of("zigbee2mqtt/hall motion", "[1,2]", Reason.MALFORMED),
        Arguments.of("zigbee2mqtt/hall motion", "{\"occupancy\":tru", Reason.MALFORMED),
        Arguments.of("zigbee2mqtt/hall motion", "", Reason.MALFORMED),
        Arguments.of("zigbee2mqtt/hall motion", "[".repeat(100), Reason.MALFORMED),
        Arguments.of(
            "zigbee2mqtt/hall motion", "{\"a\":\"" + "x".repeat(70_000) + "\"}", Reason.TOO_LARGE));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("rejections")
  void badMessages_areRejectedWithReason(String topic, String payload, Reason reason)
      throws IOException {
    Z2mTranslator t = new Z2mTranslator(Z2mMapping.parse(MAPPING), Z2mState.inMemory());
    Translation r = t.translate(topic, payload.getBytes(StandardCharsets.UTF_8), T0);
    assertThat(r.rejected()).isEqualTo(reason);
    assertThat(r.events()).isEmpty();
  }

  @Test
  void events_carryGatewayTs_lastBattery_door_andConsecutiveSeq() throws IOException {
    Z2mTranslator t = new Z2mTranslator(Z2mMapping.parse(MAPPING), Z2mState.inMemory());
    List<Event> out = new ArrayList<>();
    out.addAll(stored(t, "zigbee2mqtt/room12/door", DOOR_OPEN, T0).events());
    out.addAll(
        stored(t, "zigbee2mqtt/room12/door", "{\"contact\":true}", T0.plusSeconds(1)).events());

    assertThat(out).extracting(Event::seq).containsExactly(0L, 1L);
    assertThat(out)
        .extracting(Event::ts)
        .containsExactly(T0.toEpochMilli(), T0.toEpochMilli() + 1000);
    assertThat(out).extracting(Event::bat).containsExactly(100, 100); // the second from memory
    assertThat(out).allSatisfy(e -> assertThat(e.door()).contains("main"));
  }

  @Test
  void seq_afterRestart_neverRepeats_andStateSurvives(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("z2m-state.json");
    Z2mMapping mapping = Z2mMapping.parse(MAPPING);
    List<Long> seqs = new ArrayList<>();
    Z2mTranslator first = new Z2mTranslator(mapping, Z2mState.open(file));
    for (int i = 0; i < 3; i++) {
      stored(first, "zigbee2mqtt/Room 12 button", BUTTON_SINGLE, T0.plusSeconds(i))
          .events()
          .forEach(e -> seqs.add(e.seq()));
    }
    // no save(): as after kill -9. The reservation was written before the first seq left.

    Z2mTranslator second = new Z2mTranslator(mapping, Z2mState.open(file));
    stored(second, "zigbee2mqtt/Room 12 button", BUTTON_SINGLE, T0.plusSeconds(10))
        .events()
        .forEach(e -> seqs.add(e.seq()));

    assertThat(seqs).hasSize(4).doesNotHaveDuplicates();
    assertThat(seqs.get(3)).isGreaterThan(seqs.get(2));
  }

  @Test
  void fieldState_savedOnClose_noRepeatedDoorOpenAfterRestart(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("z2m-state.json");
    Z2mMapping mapping = Z2mMapping.parse(MAPPING);
    Z2mState state = Z2mState.open(file);
    assertThat(
            stored(new Z2mTranslator(mapping, state), "zigbee2mqtt/room12/door", DOOR_OPEN, T0)
                .events())
        .extracting(Event::type)
        .containsExactly(EventType.DOOR_OPEN);
    state.save();

    Translation again =
        new Z2mTranslator(mapping, Z2mState.open(file))
            .translate("zigbee2mqtt/room12/door", bytes(DOOR_OPEN), T0.plusSeconds(5));

    // Zigbee2MQTT republishes the state on its own restart: still open, not a new door_open
    assertThat(again.events()).extracting(Event::type).containsExactly(EventType.HEARTBEAT);
  }

  @Test
  void notCommitted_becauseTheEventsWereNotStored_theResentMessageGivesThemAgain()
      throws IOException {
    Z2mTranslator t = new Z2mTranslator(Z2mMapping.parse(MAPPING), Z2mState.inMemory());

    Translation failed = t.translate("zigbee2mqtt/room12/door", bytes(DOOR_OPEN), T0);
    // the journal failed: no commit; the LAN broker sends the message again
    Translation resent = stored(t, "zigbee2mqtt/room12/door", DOOR_OPEN, T0.plusSeconds(1));
    Translation republished = stored(t, "zigbee2mqtt/room12/door", DOOR_OPEN, T0.plusSeconds(2));

    assertThat(failed.events()).extracting(Event::type).containsExactly(EventType.DOOR_OPEN);
    assertThat(resent.events()).extracting(Event::type).containsExactly(EventType.DOOR_OPEN);
    assertThat(resent.events().get(0).seq()).isGreaterThan(failed.events().get(0).seq());
    assertThat(republished.events()).isEmpty();
  }

  @Test
  void seqReservationCannotBeWritten_throws_andIssuesNoSeqUntilItCan(@TempDir Path dir)
      throws IOException {
    Path stateDir = dir.resolve("state");
    java.nio.file.Files.createDirectories(stateDir);
    Z2mState state = Z2mState.open(stateDir.resolve("z2m-state.json"));
    Z2mTranslator t = new Z2mTranslator(Z2mMapping.parse(MAPPING), state);
    // the directory turns into a file: every write fails (root ignores permissions)
    java.nio.file.Files.delete(stateDir);
    java.nio.file.Files.writeString(stateDir, "not a directory");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> t.translate("zigbee2mqtt/Room 12 button", bytes(BUTTON_SINGLE), T0))
        .isInstanceOf(IOException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> t.translate("zigbee2mqtt/Room 12 button", bytes(BUTTON_SINGLE), T0))
        .as("a reservation that failed must not be used by the next message either")
        .isInstanceOf(IOException.class);

    java.nio.file.Files.delete(stateDir);
    java.nio.file.Files.createDirectories(stateDir);
    Translation ok = stored(t, "zigbee2mqtt/Room 12 button", BUTTON_SINGLE, T0.plusSeconds(1));
    assertThat(ok.events()).extracting(Event::type).containsExactly(EventType.PANIC);
    assertThat(Z2mState.open(stateDir.resolve("z2m-state.json")).nextSeq("pb-12"))
        .isGreaterThan(ok.events().get(0).seq());
  }

  @Test
  void heartbeatInterval_comesFromTheMapping() throws IOException {
    Z2mMapping mapping =
        Z2mMapping.parse(MAPPING.replace("\"heartbeatSeconds\": 300", "\"heartbeatSeconds\": 60"));
    assertThat(mapping.heartbeat()).isEqualTo(Duration.ofMinutes(1));
  }

  /** Translates and commits, as the adapter does once the events are stored. */
  private static Translation stored(Z2mTranslator t, String topic, String payload, Instant at)
      throws IOException {
    Translation r = t.translate(topic, bytes(payload), at);
    t.commit();
    return r;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
