package anxin.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.protocol.DecodeResult;
import anxin.protocol.Decoded;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Limits;
import anxin.protocol.Reason;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {

  private final EventCodec codec = new EventCodec();

  private DecodeResult decode(String json) {
    return codec.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private Reason onlyReason(String json) {
    DecodeResult r = decode(json);
    assertThat(r.items()).hasSize(1);
    assertThat(r.rejections()).as("rejections of %s", json).hasSize(1);
    return r.rejections().get(0).reason();
  }

  @Test
  void decode_minimalEnvelope_acceptsWithOptionalFieldsAbsent() {
    DecodeResult r = decode("{\"v\":1,\"dev\":\"pb-001\",\"seq\":0,\"type\":\"panic\"}");

    assertThat(r.batch()).isFalse();
    assertThat(r.events()).containsExactly(Event.of("pb-001", 0, EventType.PANIC));
    Event e = r.events().get(0);
    assertThat(e.ts()).isNull();
    assertThat(e.bat()).isNull();
    assertThat(e.rssi()).isNull();
    assertThat(e.data()).isEmpty();
  }

  @Test
  void decode_fullEnvelope_keepsEveryFieldAndUnknownDataKeys() {
    DecodeResult r =
        decode(
            "{\"v\":1,\"dev\":\"fall.7_B-2\",\"seq\":4294967295,\"type\":\"fall\",\"ts\":1767225600000,"
                + "\"bat\":100,\"rssi\":-71,\"data\":{\"conf\":0.93,\"vendor\":{\"x\":[1,true,null]}}}");

    Event e = r.events().get(0);
    assertThat(e.dev()).isEqualTo("fall.7_B-2");
    assertThat(e.seq()).isEqualTo(Limits.MAX_SEQ);
    assertThat(e.type()).isEqualTo(EventType.FALL);
    assertThat(e.ts()).isEqualTo(1767225600000L);
    assertThat(e.bat()).isEqualTo(100);
    assertThat(e.rssi()).isEqualTo(-71);
    assertThat(e.confidence()).hasValue(0.93);
    assertThat(e.data()).containsKey("vendor");
    assertThat(e.data().get("vendor"))
        .isEqualTo(Map.of("x", java.util.Arrays.asList(1L, true, null)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "panic",
        "fall",
        "fall_cancel",
        "door_open",
        "door_close",
        "motion",
        "bed_exit",
        "bed_return",
        "heartbeat",
        "battery_low",
        "tamper"
      })
  void decode_everyV1Type_accepted(String type) {
    DecodeResult r = decode("{\"v\":1,\"dev\":\"d1\",\"seq\":1,\"type\":\"" + type + "\"}");

    assertThat(r.events()).singleElement().extracting(Event::type).hasToString(type);
  }

  @Test
  void decode_unknownTopLevelKey_ignored() {
    assertThat(decode("{\"v\":1,\"dev\":\"d1\",\"seq\":1,\"type\":\"motion\",\"zone\":3}").events())
        .hasSize(1);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"dev":"d1","seq":1,"type":"panic"}                          | malformed
          {"v":"1","dev":"d1","seq":1,"type":"panic"}                  | malformed
          {"v":1.0,"dev":"d1","seq":1,"type":"panic"}                  | malformed
          {"v":null,"dev":"d1","seq":1,"type":"panic"}                 | malformed
          {"v":2,"dev":"d1","seq":1,"type":"panic"}                    | unsupported_version
          {"v":0,"dev":"d1","seq":1,"type":"panic"}                    | unsupported_version
          {"v":2,"seq":"garbage"}                                      | unsupported_version
          {"v":99999999999999999999999,"dev":"d1"}                     | unsupported_version
          {"v":1,"seq":1,"type":"panic"}                               | malformed
          {"v":1,"dev":7,"seq":1,"type":"panic"}                       | malformed
          {"v":1,"dev":"","seq":1,"type":"panic"}                      | malformed
          {"v":1,"dev":"_gw","seq":1,"type":"panic"}                   | malformed
          {"v":1,"dev":"-d","seq":1,"type":"panic"}                    | malformed
          {"v":1,"dev":"d 1","seq":1,"type":"panic"}                   | malformed
          {"v":1,"dev":"d/1","seq":1,"type":"panic"}                   | malformed
          {"v":1,"dev":"设备","seq":1,"type":"panic"}                   | malformed
          {"v":1,"dev":"d1","type":"panic"}                            | malformed
          {"v":1,"dev":"d1","seq":-1,"type":"panic"}                   | malformed
          {"v":1,"dev":"d1","seq":4294967296,"type":"panic"}           | malformed
          {"v":1,"dev":"d1","seq":1.5,"type":"panic"}                  | malformed
          {"v":1,"dev":"d1","seq":"1","type":"panic"}                  | malformed
          {"v":1,"dev":"d1","seq":1}                                   | malformed
          {"v":1,"dev":"d1","seq":1,"type":3}                          | malformed
          {"v":1,"dev":"d1","seq":1,"type":"explode"}                  | unknown_type
          {"v":1,"dev":"d1","seq":1,"type":"PANIC"}                    | unknown_type
          {"v":1,"dev":"d1","seq":1,"type":""}                         | unknown_type
          {"v":1,"dev":"d1","seq":1,"type":"panic","ts":"now"}         | malformed
          {"v":1,"dev":"d1","seq":1,"type":"panic","ts":1.5e12}        | malformed
          {"v":1,"dev":"d1","seq":1,"type":"panic","ts":null}          | malformed
          {"v":1,"dev":"d1","seq":1,"type":"panic","bat":101}          | malformed
          {"v":1,"dev":"d1","seq":1,"type":"panic","bat":-1}           | malformed
          {"v":1,"dev":"d1","seq":1,"type":"panic","bat":50.5}         | malformed
          {"v":1,"dev":"d1","seq":1,"type":"panic","rssi":"-70"}       | malformed
          {"v":1,"dev":"d1","seq":1,"type":"panic","rssi":-70.5}       | malformed
          {"v":1,"dev":"d1","seq":1,"type":"panic","data":[]}          | malformed
          {"v":1,"dev":"d1","seq":1,"type":"panic","data":"x"}         | malformed
          {"v":1,"dev":"d1","seq":1,"type":"fall","data":{"conf":1.5}} | malformed
          {"v":1,"dev":"d1","seq":1,"type":"fall","data":{"conf":-0.1}}| malformed
          {"v":1,"dev":"d1","seq":1,"type":"fall","data":{"conf":"hi"}}| malformed
          {"v":1,"dev":"d1","seq":1,"type":"door_open","data":{"door":1}} | malformed
          {"v":1,"v":1,"dev":"d1","seq":1,"type":"panic"}              | malformed
          {"v":1,"dev":"d1","seq":1,"type":"panic"} x                  | malformed
          {"v":1,"dev":"d1","seq":1,"type":"panic"                     | malformed
          """)
  void decode_badEnvelope_rejectedWithReason(String json, String reason) {
    assertThat(onlyReason(json).wireName()).isEqualTo(reason);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"v\":1,\"dev\":\"d1\",\"seq\":1,\"type\":\"fall\",\"data\":{\"conf\":0}}",
        "{\"v\":1,\"dev\":\"d1\",\"seq\":1,\"type\":\"fall\",\"data\":{\"conf\":1}}",
        "{\"v\":1,\"dev\":\"d1\",\"seq\":1,\"type\":\"fall\",\"data\":{}}",
        "{\"v\":1,\"dev\":\"d1\",\"seq\":1,\"type\":\"motion\",\"data\":{\"conf\":7}}",
        "{\"v\":1,\"dev\":\"d1\",\"seq\":1,\"type\":\"door_open\",\"data\":{\"door\":\"main\"}}",
        "{\"v\":1,\"dev\":\"d1\",\"seq\":1,\"type\":\"panic\",\"rssi\":-120,\"bat\":0}",
        "{\"v\":1,\"dev\":\"d1\",\"seq\":1,\"type\":\"panic\",\"ts\":0}",
        "{\"v\":1,\"dev\":\"d1\",\"seq\":-0,\"type\":\"panic\"}",
        " {\"v\":1,\"dev\":\"d1\",\"seq\":1,\"type\":\"panic\"}"
      })
  void decode_edgeButValid_accepted(String json) {
    DecodeResult r = decode(json);
    if (json.startsWith(" ")) {
      // §3: JSON starts with '{' or '['; anything else is read as CBOR, which this is not.
      assertThat(r.rejections())
          .singleElement()
          .extracting(Decoded.Rejected::reason)
          .isEqualTo(Reason.MALFORMED);
    } else {
      assertThat(r.events()).as(json).hasSize(1);
    }
  }

  @Test
  void decode_deviceIdOf64Chars_acceptedAnd65_rejected() {
    String id64 = "a".repeat(64);
    assertThat(decode("{\"v\":1,\"dev\":\"" + id64 + "\",\"seq\":1,\"type\":\"panic\"}").events())
        .hasSize(1);
    assertThat(onlyReason("{\"v\":1,\"dev\":\"" + id64 + "b\",\"seq\":1,\"type\":\"panic\"}"))
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void decode_batchWithBadElements_keepsEveryGoodOneAndRejectsEachBadOne() {
    DecodeResult r =
        decode(
            "[{\"v\":1,\"dev\":\"a\",\"seq\":1,\"type\":\"motion\"},"
                + "{\"v\":1,\"dev\":\"a\",\"seq\":2,\"type\":\"wave\"},"
                + "7,"
                + "{\"v\":3,\"dev\":\"a\",\"seq\":3,\"type\":\"motion\"},"
                + "{\"v\":1,\"dev\":\"b\",\"seq\":9,\"type\":\"panic\"},"
                + "{\"v\":1,\"dev\":\"a\",\"seq\":4,\"type\":\"motion\",\"bat\":300}]");

    assertThat(r.batch()).isTrue();
    assertThat(r.events())
        .containsExactly(Event.of("a", 1, EventType.MOTION), Event.of("b", 9, EventType.PANIC));
    assertThat(r.rejections())
        .extracting(Decoded.Rejected::index, Decoded.Rejected::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, Reason.UNKNOWN_TYPE),
            org.assertj.core.groups.Tuple.tuple(2, Reason.MALFORMED),
            org.assertj.core.groups.Tuple.tuple(3, Reason.UNSUPPORTED_VERSION),
            org.assertj.core.groups.Tuple.tuple(5, Reason.MALFORMED));
    Decoded.Rejected badBattery = r.rejections().get(3);
    assertThat(badBattery.detail()).startsWith("bat:").contains("300");
    assertThat(badBattery.dev()).isEqualTo("a");
    assertThat(badBattery.seq()).isEqualTo(4L);
  }

  @Test
  void decode_loneSurrogateInData_malformedSoItCanAlwaysBeReencoded() {
    DecodeResult r =
        decode(
            "{\"v\":1,\"dev\":\"d1\",\"seq\":1,\"type\":\"motion\",\"data\":{\"k\":[\"\\ud800\"]}}");
    assertThat(r.rejections())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.reason()).isEqualTo(Reason.MALFORMED);
              assertThat(x.detail()).startsWith("data.k[0]:");
            });
    assertThat(
            decode(
                    "{\"v\":1,\"dev\":\"d1\",\"seq\":1,\"type\":\"motion\",\"data\":{\"k\":\"\\ud83d\\ude00\"}}")
                .events())
        .as("a surrogate pair is fine")
        .hasSize(1);
  }

  @Test
  void decode_emptyBatch_yieldsNothing() {
    DecodeResult r = decode("[]");
    assertThat(r.batch()).isTrue();
    assertThat(r.items()).isEmpty();
  }

  @Test
  void decode_messageOfExactlyTheLimit_isNotTooLarge_andOneByteMore_is() {
    String head = "{\"v\":1,\"dev\":\"d1\",\"seq\":1,\"type\":\"motion\",\"data\":{\"pad\":\"";
    String tail = "\"}}";
    String pad = "x".repeat(Limits.MAX_MESSAGE_BYTES - head.length() - tail.length());
    byte[] exact = (head + pad + tail).getBytes(StandardCharsets.UTF_8);
    assertThat(exact).hasSize(Limits.MAX_MESSAGE_BYTES);
    assertThat(codec.decode(exact).events()).hasSize(1);

    byte[] over = (head + pad + "x" + tail).getBytes(StandardCharsets.UTF_8);
    DecodeResult r = codec.decode(over);
    assertThat(r.wholeMessageRejected()).isTrue();
    assertThat(r.rejections().get(0).reason()).isEqualTo(Reason.TOO_LARGE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "hello", "42", "\"panic\"", "null", "true", "\uFEFF{}"})
  void decode_notAnEnvelope_wholeMessageMalformed(String text) {
    DecodeResult r = decode(text);
    assertThat(r.wholeMessageRejected()).isTrue();
    assertThat(r.rejections().get(0).reason()).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void decode_invalidUtf8InJson_malformed() {
    byte[] bytes =
        "{\"v\":1,\"dev\":\"d1\",\"seq\":1,\"type\":\"panic\",\"data\":{\"k\":\"\u00ff\"}}"
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(codec.decode(bytes).rejections())
        .singleElement()
        .extracting(Decoded.Rejected::reason)
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void decode_deeplyNested_malformedWithoutStackOverflow() {
    String deep = "[".repeat(30_000) + "]".repeat(30_000);
    assertThat(decode(deep).wholeMessageRejected()).isTrue();
    byte[] cbor = new byte[60_000];
    java.util.Arrays.fill(cbor, (byte) 0x81); // array of one element, nested
    assertThat(codec.decode(cbor).wholeMessageRejected()).isTrue();
  }

  @Test
  void cbor_roundTrip_sameEventAsJson() {
    Event e =
        Event.of("door-3", 77, EventType.DOOR_OPEN)
            .withTs(1_767_225_600_123L)
            .withBat(15)
            .withRssi(-80)
            .withData(Map.of("door", "main"));

    byte[] cbor = codec.encodeCbor(e);

    assertThat(cbor[0] & 0xff).isBetween(0xa0, 0xbf); // a CBOR map
    assertThat(codec.decode(cbor).events()).containsExactly(e);
    assertThat(codec.decode(codec.encodeJson(e)).events()).containsExactly(e);
    assertThat(codec.decode(codec.encodeCbor(List.of(e, e))).events()).containsExactly(e, e);
  }

  @Test
  void cbor_indefiniteLengthMapFromAnotherEncoder_accepted() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
      g.writeStartObject(); // Jackson writes indefinite-length maps by default
      g.writeNumberField("v", 1);
      g.writeStringField("dev", "pb-9");
      g.writeNumberField("seq", 12);
      g.writeStringField("type", "panic");
      g.writeEndObject();
    }
    assertThat(out.toByteArray()[0] & 0xff).isEqualTo(0xbf);
    assertThat(codec.decode(out.toByteArray()).events())
        .containsExactly(Event.of("pb-9", 12, EventType.PANIC));
  }

  @Test
  void cbor_floatVersion_malformed() {
    // {"v": 1.0 (half float), "dev": "d", "seq": 1, "type": "panic"}
    byte[] cbor =
        hex("a4 61 76 f9 3c 00 63 64 65 76 61 64 63 73 65 71 01 64 74 79 70 65 65 70 61 6e 69 63");
    assertThat(codec.decode(cbor).rejections())
        .singleElement()
        .extracting(Decoded.Rejected::reason)
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void cbor_trailingBytes_malformed() {
    byte[] good = codec.encodeCbor(Event.of("d", 1, EventType.PANIC));
    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
    assertThat(codec.decode(trailing).wholeMessageRejected()).isTrue();
  }

  @Test
  void cbor_truncated_malformed() {
    byte[] good = codec.encodeCbor(Event.of("d", 1, EventType.PANIC));
    for (int n = 1; n < good.length; n++) {
      DecodeResult r = codec.decode(java.util.Arrays.copyOf(good, n));
      assertThat(r.rejections()).as("prefix of %d bytes", n).isNotEmpty();
    }
  }

  static byte[] hex(String s) {
    String h = s.replaceAll("\\s+", "");
    byte[] b = new byte[h.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }
}
