package anxin.protocol;

/**
 * Why a message or one event of it was rejected (DESIGN §3). The wire name is what a device sees
 * (CoAP diagnostic payload, HTTP {@code reason}) and the value of the {@code reason} metric tag.
 */
public enum Reason {
  /** Not JSON or CBOR, not an envelope, or a field of the wrong type or out of range. */
  MALFORMED("malformed"),
  /** {@code v} is an integer other than 1. */
  UNSUPPORTED_VERSION("unsupported_version"),
  /** {@code type} is a string that is not a v1 event type. */
  UNKNOWN_TYPE("unknown_type"),
  /** {@code dev} is not provisioned. */
  UNKNOWN_DEVICE("unknown_device"),
  /** The topic's facility is not the device's facility. */
  FACILITY_MISMATCH("facility_mismatch"),
  /** The message is larger than {@link Limits#MAX_MESSAGE_BYTES}. */
  TOO_LARGE("too_large"),
  /** The sender exceeded its rate limit; it should retry later. */
  RATE_LIMITED("rate_limited"),
  /** Bad credentials, or a device publishing for another device of its facility. */
  UNAUTHORIZED("unauthorized");

  private final String wireName;

  Reason(String wireName) {
    this.wireName = wireName;
  }

  /** The lower-case name used on the wire, in logs and as a metric tag value. */
  public String wireName() {
    return wireName;
  }

  /** The reason with this wire name, or empty. */
  public static java.util.Optional<Reason> fromWireName(String wireName) {
    for (Reason r : values()) {
      if (r.wireName.equals(wireName)) {
        return java.util.Optional.of(r);
      }
    }
    return java.util.Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
