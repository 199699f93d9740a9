package anxin.platform.server;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.testing.Allocations;
import java.time.Instant;

/**
 * The gateway status decoder ({@link StatusDecoder}) on any payload: no exception, a rejection
 * always has a reason and a detail, an accepted status keeps the documented bounds, and decoding
 * allocates at most a constant plus a multiple of the payload's length.
 */
public final class StatusFuzzTarget {

  private StatusFuzzTarget() {}

  public static void run(byte[] payload) {
    StatusDecoder.Decoded d =
        Allocations.bounded(
            "status decode",
            2 << 20,
            256,
            payload.length,
            () -> StatusDecoder.decode("sunrise-home", "gw-1", payload, Instant.EPOCH));

    assertThat(d).isNotNull();
    if (d instanceof StatusDecoder.Rejected r) {
      assertThat(r.reason()).isNotNull();
      assertThat(r.detail()).isNotBlank();
    } else {
      var report = ((StatusDecoder.Ok) d).report();
      assertThat(report.facility()).isEqualTo("sunrise-home");
      if (report.version() != null) {
        assertThat(report.version()).hasSizeBetween(1, StatusDecoder.MAX_VERSION_CHARS);
      }
      if (report.queued() != null) {
        assertThat(report.queued()).isBetween(0L, StatusDecoder.MAX_QUEUED);
      }
    }
  }
}
