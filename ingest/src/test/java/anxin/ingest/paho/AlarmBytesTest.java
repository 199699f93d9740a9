package anxin.ingest.paho;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AlarmBytesTest {

  private final EventCodec codec = new EventCodec();

  @ParameterizedTest
  @EnumSource(EventType.class)
  void anAlarmIsSeen_inJsonAndCbor_alone_andInsideABatch(EventType type) {
    // Device ids that contain the words must not make telemetry look like an alarm.
    Event e = Event.of("fall-panic-tamper-7", 42, type);
    List<Event> batch = List.of(Event.of("tamper-3", 1, EventType.HEARTBEAT), e);
    boolean alarm = type.pagesAtOnce();

    assertThat(AlarmBytes.mayCarryAlarm(codec.encodeJson(e))).isEqualTo(alarm);
    assertThat(AlarmBytes.mayCarryAlarm(codec.encodeCbor(e))).isEqualTo(alarm);
    assertThat(AlarmBytes.mayCarryAlarm(codec.encodeJson(batch))).isEqualTo(alarm);
    assertThat(AlarmBytes.mayCarryAlarm(codec.encodeCbor(batch))).isEqualTo(alarm);
  }

  @ParameterizedTest
  @EnumSource(
      value = EventType.class,
      names = {"PANIC", "FALL", "TAMPER"})
  void aTruncatedAlarm_atTheVeryEnd_isNotReadPastTheBuffer(EventType type) {
    byte[] json = ("{\"type\":\"" + type.wireName() + "\"").getBytes(StandardCharsets.UTF_8);
    for (int cut = 0; cut < json.length; cut++) {
      byte[] prefix = java.util.Arrays.copyOf(json, cut);
      assertThat(AlarmBytes.mayCarryAlarm(prefix)).isFalse();
    }
    assertThat(AlarmBytes.mayCarryAlarm(json)).isTrue();
  }
}
