package anxin.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

  private static final String X64 =
      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

  private static final String A32 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

  /** The wire contract's patterns (DESIGN §3), as {@link Ids} documents them. */
  private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private static final Pattern FACILITY = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  @ParameterizedTest
  @ValueSource(strings = {"a", "Z", "7", "fall-101", "pir.r12_B", X64})
  void deviceId_valid(String id) {
    assertThat(Ids.isDeviceId(id)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "_batch", "-a", ".a", "a b", "a/b", "a+", "a#", "é", "a\u0000", "Ａ"})
  void deviceId_invalid(String id) {
    assertThat(Ids.isDeviceId(id)).isFalse();
  }

  @Test
  void deviceId_longerThan64_isInvalid_andNullIsInvalid() {
    assertThat(Ids.isDeviceId(X64 + "x")).isFalse();
    assertThat(X64).hasSize(64);
    assertThat(A32).hasSize(32);
    assertThat(Ids.isDeviceId(null)).isFalse();
    assertThatThrownBy(() -> Ids.requireDeviceId("a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid device id: \"a b\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"fuyuan", "f-1", "0", A32})
  void facilityId_valid(String id) {
    assertThat(Ids.isFacilityId(id)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Fuyuan", "-f", "f_1", "f.1", A32 + "a", "f 1"})
  void facilityId_invalid(String id) {
    assertThat(Ids.isFacilityId(id)).isFalse();
    assertThat(Ids.isFacilityId(null)).isFalse();
  }

  /** The scans agree with the patterns on 200,000 strings near the boundaries. */
  @Test
  void scans_agreeWithTheContractsPatterns() {
    String alphabet = "aZz09_.-A/ #+é\u0000Ａ";
    Random random = new Random(20261130);
    for (int n = 0; n < 200_000; n++) {
      int length = random.nextInt(4) == 0 ? 60 + random.nextInt(8) : random.nextInt(6);
      StringBuilder b = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = b.toString();
      assertThat(Ids.isDeviceId(s)).as("device %s", s).isEqualTo(DEVICE.matcher(s).matches());
      String lower = s.length() > 36 ? s.substring(0, 28 + random.nextInt(8)) : s;
      assertThat(Ids.isFacilityId(lower))
          .as("facility %s", lower)
          .isEqualTo(FACILITY.matcher(lower).matches());
    }
  }
}
