package anxin.platform.server;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.platform.server.StatusDecoder.Ok;
import anxin.platform.server.StatusDecoder.Reason;
import anxin.platform.server.StatusDecoder.Rejected;
import anxin.platform.store.GatewayReport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusDecoderTest {

  private static final Instant AT = Instant.parse("2025-10-01T00:00:00Z");

  private static StatusDecoder.Decoded decode(String json) {
    return StatusDecoder.decode("fa", "gw-1", json.getBytes(StandardCharsets.UTF_8), AT);
  }

  private static Rejected rejected(String json) {
    return (Rejected) decode(json);
  }

  @Test
  void online_withVersionQueuedAndLocalAlarms_decodesEveryField() {
    StatusDecoder.Decoded d =
        decode(
            "{\"state\":\"online\",\"ver\":\"2.1.0\",\"queued\":12,\"evicted\":3,\"local_alarms\":[{\"seq\":1}]}");

    assertThat(d)
        .isEqualTo(
            new Ok(new GatewayReport("fa", "gw-1", true, "2.1.0", 12L, 3L, "[{\"seq\":1}]", AT)));
  }

  @Test
  void lastWill_hasOnlyTheState_andDecodesWithNulls() {
    assertThat(decode("{\"state\":\"offline\"}"))
        .isEqualTo(new Ok(new GatewayReport("fa", "gw-1", false, null, null, null, null, AT)));
  }

  @Test
  void evicted_negativeOrText_isRejected() {
    assertThat(decode("{\"state\":\"online\",\"evicted\":-1}"))
        .isInstanceOf(StatusDecoder.Rejected.class);
    assertThat(decode("{\"state\":\"online\",\"evicted\":\"many\"}"))
        .isInstanceOf(StatusDecoder.Rejected.class);
  }

  @Test
  void queued_atTheBounds_isAccepted() {
    assertThat(((Ok) decode("{\"state\":\"online\",\"queued\":0}")).report().queued()).isZero();
    assertThat(((Ok) decode("{\"state\":\"online\",\"queued\":1000000000}")).report().queued())
        .isEqualTo(1_000_000_000L);
  }

  @Test
  void queued_negativeTooLargeFractionalOrText_isRejected_keepingTheValidState() {
    for (String q : new String[] {"-1", "1000000001", "1.5", "\"12\"", "1e30", "true"}) {
      Rejected r = rejected("{\"state\":\"online\",\"queued\":" + q + "}");
      assertThat(r.reason()).as(q).isEqualTo(Reason.BAD_QUEUED);
      assertThat(r.online()).as(q).isTrue();
    }
  }

  @Test
  void version_tooLongEmptyNotTextOrWithControlCharacters_isRejected() {
    assertThat(((Ok) decode("{\"state\":\"online\",\"ver\":\"" + "v".repeat(64) + "\"}")).report())
        .isNotNull();
    for (String v : new String[] {"\"" + "v".repeat(65) + "\"", "\"\"", "2", "\"a\\nb\""}) {
      assertThat(rejected("{\"state\":\"online\",\"ver\":" + v + "}").reason())
          .as(v)
          .isEqualTo(Reason.BAD_VERSION);
    }
  }

  @Test
  void state_missingOrUnknown_isRejectedWithoutAState() {
    for (String json : new String[] {"{}", "{\"state\":\"sleeping\"}", "{\"state\":1}"}) {
      Rejected r = rejected(json);
      assertThat(r.reason()).as(json).isEqualTo(Reason.BAD_STATE);
      assertThat(r.online()).as(json).isNull();
    }
  }

  @Test
  void notJsonNotAnObjectTooLargeOrAlarmsNotAnArray_areRejected() {
    assertThat(rejected("{state").reason()).isEqualTo(Reason.NOT_JSON);
    assertThat(rejected("[1]").reason()).isEqualTo(Reason.NOT_JSON);
    assertThat(rejected("{\"state\":\"online\",\"local_alarms\":{}}").reason())
        .isEqualTo(Reason.BAD_LOCAL_ALARMS);
    String big = "{\"state\":\"online\",\"pad\":\"" + "x".repeat(StatusDecoder.MAX_BYTES) + "\"}";
    assertThat(rejected(big).reason()).isEqualTo(Reason.TOO_LARGE);
  }
}
