package anxin.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

  @Test
  void parse_bearerToken_givesTheToken() {
    assertThat(BearerToken.parse(List.of("Bearer abc-._~+/123==")))
        .isEqualTo(new BearerToken.Token("abc-._~+/123=="));
  }

  @Test
  void parse_schemeInAnyCaseAndExtraSpaces_givesTheToken() {
    assertThat(BearerToken.parse(List.of("  BEARER   abc  ")))
        .isEqualTo(new BearerToken.Token("abc"));
  }

  @Test
  void parse_noHeader_isAProblemWithoutInvalidToken() {
    assertThat(BearerToken.parse(List.of()))
        .isInstanceOf(BearerToken.Problem.class)
        .extracting(c -> ((BearerToken.Problem) c).invalidToken())
        .isEqualTo(false);
  }

  @Test
  void parse_otherScheme_doesNotEchoTheCredentials() {
    BearerToken.Credentials c = BearerToken.parse(List.of("Basic dXNlcjpzZWNyZXQ="));

    assertThat(c).isInstanceOf(BearerToken.Problem.class);
    assertThat(((BearerToken.Problem) c).detail()).doesNotContain("dXNlcjpzZWNyZXQ");
  }

  @Test
  void parse_malformedOrEmptyToken_isInvalidTokenWithoutEcho() {
    for (String header : List.of("Bearer", "Bearer ", "Bearer a b", "Bearer a\"b", "Bearer =abc")) {
      BearerToken.Credentials c = BearerToken.parse(List.of(header));

      assertThat(c).as(header).isInstanceOf(BearerToken.Problem.class);
      assertThat(((BearerToken.Problem) c).invalidToken()).as(header).isTrue();
    }
  }

  @Test
  void parse_twoHeaders_isAProblem() {
    assertThat(BearerToken.parse(List.of("Bearer a", "Bearer b")))
        .isInstanceOf(BearerToken.Problem.class);
  }

  @Test
  void token_toString_isRedacted() {
    assertThat(new BearerToken.Token("secret").toString()).doesNotContain("secret");
  }
}
