package anxin.protocol;

/**
 * The outcome for one envelope of a message: accepted, or rejected with a precise reason. Bad input
 * from a device is a value, never an exception.
 */
public sealed interface Decoded permits Decoded.Accepted, Decoded.Rejected {

  /** Index used by a rejection that applies to the whole message rather than one envelope. */
  int WHOLE_MESSAGE = -1;

  /**
   * Position of the envelope in its message: 0 for a message with a single envelope, the array
   * index in a batch, or {@link #WHOLE_MESSAGE}.
   */
  int index();

  /** An envelope that satisfies the wire contract. */
  record Accepted(int index, Event event) implements Decoded {}

  /**
   * An envelope, or a whole message, that was rejected.
   *
   * @param index position in the message, or {@link #WHOLE_MESSAGE}
   * @param reason the reason of DESIGN §3
   * @param detail human-readable detail naming the field and the bad value, e.g. {@code "seq: must
   *     be an integer 0..4294967295, got -1"}
   * @param dev the envelope's device id when it could be read and is valid, else null
   * @param seq the envelope's seq when it could be read and is valid, else null
   */
  record Rejected(int index, Reason reason, String detail, String dev, Long seq)
      implements Decoded {

    /** A rejection of the whole message. */
    public static Rejected wholeMessage(Reason reason, String detail) {
      return new Rejected(WHOLE_MESSAGE, reason, detail, null, null);
    }
  }
}
