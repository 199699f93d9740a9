package anxin.ingest;

import anxin.protocol.Reason;

/**
 * What became of one envelope of a message.
 *
 * @param index its position in the message, or -1 for the whole message
 * @param status accepted (durable), duplicate (already durable), rejected or busy
 * @param reason the rejection reason when rejected, else null
 * @param detail human-readable detail when rejected, else null
 */
public record Outcome(int index, Status status, Reason reason, String detail) {

  /** The fate of an envelope. */
  public enum Status {
    /** First seen and now durable. */
    ACCEPTED,
    /** Seen before and durable: acknowledged like an accepted one. */
    DUPLICATE,
    /** Rejected for good; retrying the same bytes cannot succeed (but see rate_limited). */
    REJECTED,
    /** Not durable in time (the database is slow or down); the sender should retry. */
    BUSY
  }

  /**
   * Shared outcomes without a reason for the first {@value #SHARED} indexes (a gateway's batch
   * holds up to 100 envelopes): a message's outcomes wait as long as its writes do, and under a
   * database backlog an object per envelope was 32 of the bytes each queued event held.
   */
  private static final int SHARED = 256;

  private static final Outcome[][] PLAIN = new Outcome[Status.values().length][SHARED];

  static {
    for (Status s : Status.values()) {
      for (int i = 0; i < SHARED; i++) {
        PLAIN[s.ordinal()][i] = new Outcome(i, s, null, null);
      }
    }
  }

  private static Outcome plain(int index, Status status) {
    return index >= 0 && index < SHARED
        ? PLAIN[status.ordinal()][index]
        : new Outcome(index, status, null, null);
  }

  /** Envelope {@code index} is durable. */
  public static Outcome acceptedAt(int index) {
    return plain(index, Status.ACCEPTED);
  }

  /** Envelope {@code index} was already durable. */
  public static Outcome duplicateAt(int index) {
    return plain(index, Status.DUPLICATE);
  }

  /** Envelope {@code index} could not be taken now. */
  public static Outcome busyAt(int index) {
    return plain(index, Status.BUSY);
  }

  /** Envelope {@code index} (or the whole message, -1) was rejected. */
  public static Outcome rejected(int index, Reason reason, String detail) {
    return new Outcome(index, Status.REJECTED, reason, detail);
  }
}
