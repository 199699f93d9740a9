package anxin.ingest.paho;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
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

  @Test
  void answersAsComparingEveryWordAtEveryByte_onMessagesMadeOfNearMisses() {
    // The reference is the first version's scan (each of the six words tried at every byte);
    // the inputs are pieces of the words, cut and run together, so that near misses abound.
    byte[][] words = {
      ascii("\"panic\""), ascii("\"fall\""), ascii("\"tamper\""),
      cborText("panic"), cborText("fall"), cborText("tamper")
    };
    Random random = new Random(20261130);
    int alarms = 0;
    for (int n = 0; n < 20_000; n++) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      int pieces = random.nextInt(12);
      for (int k = 0; k < pieces; k++) {
        byte[] w = words[random.nextInt(words.length)];
        int from = random.nextInt(3) == 0 ? random.nextInt(w.length) : 0;
        int to = random.nextInt(3) == 0 ? from + random.nextInt(w.length - from + 1) : w.length;
        out.write(w, from, to - from);
        if (random.nextBoolean()) {
          out.write("\"ptfdefa".charAt(random.nextInt(8))); // d, e, f: the CBOR headers
        }
      }
      byte[] payload = out.toByteArray();
      boolean expected = reference(payload, words);
      alarms += expected ? 1 : 0;
      assertThat(AlarmBytes.mayCarryAlarm(payload))
          .as("%s", java.util.Arrays.toString(payload))
          .isEqualTo(expected);
    }
    assertThat(alarms).isBetween(2_000, 18_000); // both answers were tried, many times
  }

  private static boolean reference(byte[] payload, byte[][] words) {
    for (int i = 0; i < payload.length; i++) {
      for (byte[] w : words) {
        if (i + w.length <= payload.length
            && java.util.Arrays.equals(payload, i, i + w.length, w, 0, w.length)) {
          return true;
        }
      }
    }
    return false;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] cborText(String word) {
    byte[] text = ascii(word);
    byte[] out = new byte[text.length + 1];
    out[0] = (byte) (0x60 | text.length);
    System.arraycopy(text, 0, out, 1, text.length);
    return out;
  }
}
