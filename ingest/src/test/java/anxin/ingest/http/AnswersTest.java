package anxin.ingest.http;

import static anxin.ingest.http.FakeIngest.accepted;
import static anxin.ingest.http.FakeIngest.busy;
import static anxin.ingest.http.FakeIngest.duplicate;
import static anxin.ingest.http.FakeIngest.receipt;
import static anxin.ingest.http.FakeIngest.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import anxin.protocol.Reason;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AnswersTest {

  private static final HttpIngestSettings SETTINGS =
      new HttpIngestSettings(
          Duration.ofSeconds(5), Duration.ofMillis(4_001), Duration.ofSeconds(10));

  @Test
  void of_allAccepted_is202WithCounts() {
    Answer a = Answers.of(receipt(accepted(0), duplicate(1)), SETTINGS);

    assertThat(a.status()).isEqualTo(202);
    assertThat(a.body())
        .isEqualTo(new JsonObject("{\"accepted\":1,\"duplicates\":1,\"rejected\":[]}"));
    assertThat(a.headers()).isEmpty();
  }

  @Test
  void of_emptyMessage_is202WithZeroCounts() {
    Answer a = Answers.of(receipt(), SETTINGS);

    assertThat(a.status()).isEqualTo(202);
    assertThat(a.body().getInteger("accepted")).isZero();
  }

  @Test
  void of_rejectionWithoutDetail_reportsTheReasonAsDetail() {
    Answer a = Answers.of(receipt(accepted(0), rejected(1, Reason.UNKNOWN_TYPE, null)), SETTINGS);

    assertThat(a.body().getJsonArray("rejected").getJsonObject(0))
        .isEqualTo(
            new JsonObject()
                .put("index", 1)
                .put("reason", "unknown_type")
                .put("detail", "unknown_type"));
  }

  @Test
  void of_busyAndRateLimited_busyWins() {
    Answer a =
        Answers.of(
            receipt(rejected(0, Reason.RATE_LIMITED, "slow down"), busy(1), accepted(2)), SETTINGS);

    assertThat(a.status()).isEqualTo(503);
    assertThat(a.reason()).isEqualTo("busy");
    assertThat(a.headers()).containsEntry("Retry-After", "5"); // 4.001 s rounded up
  }

  @Test
  void of_rateLimitedInAStoredBatch_is429() {
    Answer a =
        Answers.of(receipt(accepted(0), rejected(1, Reason.RATE_LIMITED, "slow down")), SETTINGS);

    assertThat(a.status()).isEqualTo(429);
    assertThat(a.headers()).containsEntry("Retry-After", "10");
    assertThat(a.body().getString("detail")).startsWith("1 of 2 events");
  }

  @Test
  void of_wholeMessageTooLarge_is413() {
    Answer a = Answers.of(receipt(rejected(-1, Reason.TOO_LARGE, "70000 bytes")), SETTINGS);

    assertThat(a.status()).isEqualTo(413);
    assertThat(a.body())
        .isEqualTo(new JsonObject().put("reason", "too_large").put("detail", "70000 bytes"));
  }

  @Test
  void of_unauthorizedEvents_is401WithChallenge() {
    Answer a = Answers.of(receipt(rejected(0, Reason.UNAUTHORIZED, "not yours")), SETTINGS);

    assertThat(a.status()).isEqualTo(401);
    assertThat(a.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"anxin\"");
  }

  @Test
  void of_otherRejections_are400WithTheFirst() {
    Answer a =
        Answers.of(
            receipt(
                rejected(0, Reason.FACILITY_MISMATCH, "other facility"),
                rejected(1, Reason.MALFORMED, "bad")),
            SETTINGS);

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.reason()).isEqualTo("facility_mismatch");
  }

  @Test
  void retryAfter_belowOneSecond_isOne() {
    Answer a = Answers.malformed("x").retryAfter(Duration.ofMillis(10));

    assertThat(a.headers()).containsEntry("Retry-After", "1");
  }
}
