package anxin.ingest;

import anxin.protocol.Reason;
import java.util.List;
import java.util.Optional;

/**
 * The answer to one message: one outcome per envelope (or one for the whole message). Transports
 * turn it into their own terms (MQTT acknowledgement, CoAP response code, HTTP status).
 */
public record Receipt(List<Outcome> outcomes) {

  public Receipt {
    outcomes = List.copyOf(outcomes);
  }

  /**
   * True when something must be retried: an envelope is {@link Outcome.Status#BUSY}, or was
   * rate-limited. The transport answers "try again later" (MQTT: no acknowledgement; CoAP 5.03 or
   * 4.29; HTTP 503 or 429).
   */
  public boolean retry() {
    return outcomes.stream()
        .anyMatch(
            o ->
                o.status() == Outcome.Status.BUSY
                    || (o.status() == Outcome.Status.REJECTED
                        && o.reason() == Reason.RATE_LIMITED));
  }

  /** True when at least one envelope is now durable (accepted or duplicate). */
  public boolean anyStored() {
    return outcomes.stream()
        .anyMatch(
            o -> o.status() == Outcome.Status.ACCEPTED || o.status() == Outcome.Status.DUPLICATE);
  }

  /**
   * The reason to answer with when nothing was stored: the first rejection's (the whole message's
   * when it was rejected as a whole), or empty when something was stored or the message was empty.
   */
  public Optional<Outcome> firstRejection() {
    if (anyStored()) {
      return Optional.empty();
    }
    return outcomes.stream().filter(o -> o.status() == Outcome.Status.REJECTED).findFirst();
  }
}
