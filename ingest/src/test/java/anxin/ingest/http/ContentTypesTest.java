package anxin.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.protocol.Format;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentTypesTest {

  private static final byte[] JSON = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CBOR = {(byte) 0xa1, 0x61, 'v', 0x01};

  @Test
  void of_absent_sniffs() {
    assertThat(ContentTypes.of(null)).isInstanceOf(ContentTypes.Sniff.class);
    assertThat(ContentTypes.of(" ")).isInstanceOf(ContentTypes.Sniff.class);
  }

  @Test
  void of_knownTypesInAnyCaseWithParameters_areKnown() {
    assertThat(ContentTypes.of("application/cbor")).isEqualTo(new ContentTypes.Known(Format.CBOR));
    assertThat(ContentTypes.of(" Application/Json ; charset=UTF-8"))
        .isEqualTo(new ContentTypes.Known(Format.JSON));
  }

  @Test
  void of_otherType_isUnsupportedNamingIt() {
    assertThat(ContentTypes.of("application/x-www-form-urlencoded"))
        .isEqualTo(
            new ContentTypes.Unsupported(
                "unsupported Content-Type 'application/x-www-form-urlencoded';"
                    + " send application/json or application/cbor (or no Content-Type)"));
  }

  @Test
  void of_hugeType_isQuotedShortened() {
    String detail = ((ContentTypes.Unsupported) ContentTypes.of("a/" + "b".repeat(5000))).detail();

    assertThat(detail).hasSizeLessThan(200);
  }

  @Test
  void mismatch_matchingOrSniffed_isNull() {
    assertThat(ContentTypes.mismatch(new ContentTypes.Known(Format.JSON), JSON)).isNull();
    assertThat(ContentTypes.mismatch(new ContentTypes.Known(Format.CBOR), CBOR)).isNull();
    assertThat(ContentTypes.mismatch(new ContentTypes.Sniff(), CBOR)).isNull();
  }

  @Test
  void mismatch_contradictingOrEmpty_isExplained() {
    assertThat(ContentTypes.mismatch(new ContentTypes.Known(Format.JSON), CBOR))
        .contains("application/json");
    assertThat(ContentTypes.mismatch(new ContentTypes.Known(Format.CBOR), JSON))
        .contains("application/cbor");
    assertThat(ContentTypes.mismatch(new ContentTypes.Sniff(), new byte[0]))
        .isEqualTo("empty body");
  }
}
