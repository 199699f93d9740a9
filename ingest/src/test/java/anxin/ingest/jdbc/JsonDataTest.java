package anxin.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonDataTest {

  @Test
  void of_emptyOrNull_isNull() {
    assertThat(JsonData.of(Map.of())).isNull();
    assertThat(JsonData.of(null)).isNull();
  }

  @Test
  void of_knownKeysAndNesting_isPlainJson() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("conf", 0.93);
    data.put("door", "main");
    data.put("n", 42L);
    data.put("big", new BigInteger("123456789012345678901234567890"));
    data.put("ok", true);
    data.put("none", null);
    data.put("list", List.of(1L, "two", Map.of("k", false)));

    assertThat(JsonData.of(data))
        .isEqualTo(
            "{\"conf\":0.93,\"door\":\"main\",\"n\":42,"
                + "\"big\":123456789012345678901234567890,\"ok\":true,\"none\":null,"
                + "\"list\":[1,\"two\",{\"k\":false}]}");
  }

  @Test
  void of_stringsNeedingEscapes_areEscaped() {
    assertThat(JsonData.of(Map.of("s", "a\"b\\c\nd\u0001e")))
        .isEqualTo("{\"s\":\"a\\\"b\\\\c\\u000ad\\u0001e\"}");
  }

  @Test
  void of_whatJsonbRefuses_isReplaced() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("nul\u0000key", "a\u0000b");
    data.put("lone", "x\uD800y\uDC00");
    data.put("pair", "\uD83D\uDE00");
    data.put("nan", Double.NaN);
    data.put("inf", Double.NEGATIVE_INFINITY);
    data.put("bytes", new byte[] {1, 2, 3});

    assertThat(JsonData.of(data))
        .isEqualTo(
            "{\"nul\uFFFDkey\":\"a\uFFFDb\",\"lone\":\"x\uFFFDy\uFFFD\",\"pair\":\"\uD83D\uDE00\","
                + "\"nan\":\"NaN\",\"inf\":\"-Infinity\",\"bytes\":\"AQID\"}");
  }

  @Test
  void of_doubles_areJsonNumbers() {
    assertThat(JsonData.of(Map.of("d", 1.0e10))).isEqualTo("{\"d\":1.0E10}");
    assertThat(JsonData.of(Map.of("d", List.copyOf(Arrays.asList(-0.0, 1e-7)))))
        .isEqualTo("{\"d\":[-0.0,1.0E-7]}");
  }
}
