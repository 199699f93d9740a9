package anxin.protocol;

/** Numeric limits of wire contract v1 (DESIGN §3). */
public final class Limits {
  /** The only protocol version defined so far. */
  public static final int PROTOCOL_VERSION = 1;

  /** Largest accepted message, in bytes (64 KiB). A message of exactly this size is accepted. */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024;

  /** Largest {@code seq}: 2^32 - 1. The next event after it carries {@code seq} 0. */
  public static final long MAX_SEQ = 0xFFFF_FFFFL;

  /** Battery percentage bounds, inclusive. */
  public static final int MIN_BATTERY = 0;

  /** Battery percentage bounds, inclusive. */
  public static final int MAX_BATTERY = 100;

  /**
   * Deepest nesting of arrays and maps accepted in a message (the envelope array counts as one
   * level, the envelope map as another, {@code data} as the third). Bounds the decoder's work on
   * hostile input.
   */
  public static final int MAX_NESTING_DEPTH = 16;

  private Limits() {}
}
