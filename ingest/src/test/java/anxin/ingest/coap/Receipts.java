package anxin.ingest.coap;

import anxin.ingest.Outcome;
import anxin.ingest.Outcome.Status;
import anxin.ingest.Receipt;
import anxin.protocol.Reason;
import java.util.List;

/** Receipts as the pipeline would give them. */
final class Receipts {

  private Receipts() {}

  static Receipt accepted() {
    return of(new Outcome(0, Status.ACCEPTED, null, null));
  }

  static Receipt duplicate() {
    return of(new Outcome(0, Status.DUPLICATE, null, null));
  }

  static Receipt busy() {
    return of(new Outcome(0, Status.BUSY, null, null));
  }

  static Receipt rejected(Reason reason, String detail) {
    return of(rejection(-1, reason, detail));
  }

  static Outcome rejection(int index, Reason reason, String detail) {
    return new Outcome(index, Status.REJECTED, reason, detail);
  }

  static Outcome outcome(int index, Status status) {
    return new Outcome(index, status, null, null);
  }

  static Receipt of(Outcome... outcomes) {
    return new Receipt(List.of(outcomes));
  }
}
