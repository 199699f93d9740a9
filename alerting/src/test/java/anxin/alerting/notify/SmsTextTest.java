package anxin.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmsTextTest {

  @Test
  void isGsm7_asciiAndExtension_trueChinese_false() {
    assertThat(SmsText.isGsm7("Fall: room 302 @ 12:00 [P1] €5")).isTrue();
    assertThat(SmsText.isGsm7("跌倒")).isFalse();
    assertThat(SmsText.isGsm7("smart ’quote")).isFalse();
  }

  @Test
  void units_extensionCharactersCountTwice() {
    assertThat(SmsText.units("a[b]")).isEqualTo(6);
    assertThat(SmsText.units("跌倒a")).isEqualTo(3);
  }

  @Test
  void segments_atTheLimits() {
    assertThat(SmsText.segments("a".repeat(160))).isEqualTo(1);
    assertThat(SmsText.segments("a".repeat(161))).isEqualTo(2);
    assertThat(SmsText.segments("a".repeat(306))).isEqualTo(2);
    assertThat(SmsText.segments("a".repeat(307))).isEqualTo(3);
    assertThat(SmsText.segments("跌".repeat(70))).isEqualTo(1);
    assertThat(SmsText.segments("跌".repeat(71))).isEqualTo(2);
    assertThat(SmsText.segments("跌".repeat(134))).isEqualTo(2);
    assertThat(SmsText.segments("a".repeat(159) + "跌")).isEqualTo(3);
  }

  @Test
  void gsm7_roundTrips() {
    String text = "Hello @ room 3 {x} ~ ^ € | \\ ÄÖÑÜ";

    assertThat(SmsText.decodeGsm7(SmsText.encodeGsm7(text))).isEqualTo(text);
    assertThat(SmsText.encodeGsm7("@A")).containsExactly(0x00, 0x41);
  }

  @Test
  void maskPhone_keepsHeadAndTail() {
    assertThat(Privacy.maskPhone("13812341234")).isEqualTo("138****1234");
    assertThat(Privacy.maskPhone("+8613812341234")).isEqualTo("+86*******1234");
    assertThat(Privacy.maskPhone("1234567")).isEqualTo("12***67");
    assertThat(Privacy.maskPhone("12345")).isEqualTo("*****");
  }
}
