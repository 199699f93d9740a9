package anxin.ingest.coap;

import static anxin.ingest.coap.Receipts.outcome;
import static anxin.ingest.coap.Receipts.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import anxin.ingest.Outcome.Status;
import anxin.ingest.Receipt;
import anxin.protocol.Reason;
import java.util.List;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CoapReplyTest {

  @Test
  void of_accepted_isChangedWithoutPayload() {
    assertThat(CoapReply.of(Receipts.accepted())).isEqualTo(CoapReply.CHANGED);
  }

  @Test
  void of_duplicate_isChanged() {
    assertThat(CoapReply.of(Receipts.duplicate()).code()).isEqualTo(ResponseCode.CHANGED);
  }

  @Test
  void of_batchWithSomeRejected_isChanged() {
    Receipt receipt =
        Receipts.of(
            rejection(0, Reason.UNKNOWN_TYPE, "type: x"),
            outcome(1, Status.ACCEPTED),
            rejection(2, Reason.MALFORMED, "seq"));

    assertThat(CoapReply.of(receipt)).isEqualTo(CoapReply.CHANGED);
  }

  @Test
  void of_busy_is503WithMaxAge() {
    CoapReply reply = CoapReply.of(Receipts.busy());

    assertThat(reply.code()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
    assertThat(reply.maxAgeSeconds()).isEqualTo(CoapReply.RETRY_AFTER_SECONDS);
  }

  @Test
  void of_batchPartlyStoredPartlyBusy_is503SoThatNothingIsLost() {
    Receipt receipt = Receipts.of(outcome(0, Status.ACCEPTED), outcome(1, Status.BUSY));

    assertThat(CoapReply.of(receipt).code()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
  }

  @Test
  void of_rateLimited_is429WithReasonAndMaxAge() {
    CoapReply reply = CoapReply.of(Receipts.rejected(Reason.RATE_LIMITED, null));

    assertThat(reply)
        .isEqualTo(
            new CoapReply(
                ResponseCode.TOO_MANY_REQUESTS, "rate_limited", CoapReply.RETRY_AFTER_SECONDS));
  }

  @Test
  void of_batchPartlyStoredPartlyRateLimited_is429() {
    Receipt receipt =
        Receipts.of(outcome(0, Status.DUPLICATE), rejection(1, Reason.RATE_LIMITED, null));

    assertThat(CoapReply.of(receipt).code()).isEqualTo(ResponseCode.TOO_MANY_REQUESTS);
  }

  @ParameterizedTest
  @CsvSource({
    "MALFORMED, BAD_REQUEST",
    "UNSUPPORTED_VERSION, BAD_REQUEST",
    "UNKNOWN_TYPE, BAD_REQUEST",
    "UNKNOWN_DEVICE, BAD_REQUEST",
    "FACILITY_MISMATCH, BAD_REQUEST",
    "UNAUTHORIZED, UNAUTHORIZED",
    "TOO_LARGE, REQUEST_ENTITY_TOO_LARGE",
    "RATE_LIMITED, TOO_MANY_REQUESTS"
  })
  void of_nothingStored_mapsTheFirstRejection(Reason reason, ResponseCode code) {
    Receipt receipt =
        Receipts.of(rejection(0, reason, null), rejection(1, Reason.MALFORMED, "other"));

    CoapReply reply = CoapReply.of(receipt);

    assertThat(reply.code()).isEqualTo(code);
    assertThat(reply.diagnostic()).isEqualTo(reason.wireName());
  }

  @ParameterizedTest
  @EnumSource(Reason.class)
  void rejected_everyReason_isAClientErrorNamingIt(Reason reason) {
    CoapReply reply = CoapReply.rejected(reason, "detail");

    assertThat(reply.code().isClientError()).isTrue();
    assertThat(reply.diagnostic()).isEqualTo(reason.wireName() + ": detail");
  }

  @Test
  void rejected_withoutReason_countsAsMalformed() {
    assertThat(CoapReply.rejected(null, null))
        .isEqualTo(new CoapReply(ResponseCode.BAD_REQUEST, "malformed", null));
  }

  @Test
  void of_emptyReceipt_isChanged() {
    assertThat(CoapReply.of(new Receipt(List.of()))).isEqualTo(CoapReply.CHANGED);
  }

  @Test
  void diagnostic_longDetail_isCutToTheLimit() {
    String diagnostic = CoapReply.diagnostic(Reason.MALFORMED, "x".repeat(500));

    assertThat(diagnostic).hasSize(CoapReply.MAX_DIAGNOSTIC_CHARS).startsWith("malformed: xxx");
    assertThat(diagnostic).endsWith("…");
  }

  @Test
  void diagnostic_cutAtASurrogatePair_keepsThePairWhole() {
    String detail = "x".repeat(CoapReply.MAX_DIAGNOSTIC_CHARS - 13) + "😀".repeat(10);

    String diagnostic = CoapReply.diagnostic(Reason.MALFORMED, detail);

    assertThat(diagnostic.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)).isTrue();
    assertThat(diagnostic.length()).isLessThanOrEqualTo(CoapReply.MAX_DIAGNOSTIC_CHARS);
  }

  @Test
  void unsupportedContentFormat_is415NamingTheFormat() {
    assertThat(CoapReply.unsupportedContentFormat(0))
        .isEqualTo(
            new CoapReply(
                ResponseCode.UNSUPPORTED_CONTENT_FORMAT,
                "malformed: content-format 0, use 50 or 60",
                null));
  }

  @Test
  void tooLarge_is413WithReason() {
    assertThat(CoapReply.tooLarge().code()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
    assertThat(CoapReply.tooLarge().diagnostic()).isEqualTo("too_large: max. 65536 bytes");
  }
}
