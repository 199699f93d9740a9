package anxin.protocol;

/** The two encodings of wire contract v1, and how a receiver tells them apart (DESIGN §3). */
public enum Format {
  /** JSON (RFC 8259), UTF-8. CoAP Content-Format 50, HTTP {@code application/json}. */
  JSON(50, "application/json"),
  /** CBOR (RFC 8949), a map with the same text keys. CoAP Content-Format 60. */
  CBOR(60, "application/cbor");

  private final int coapContentFormat;
  private final String mediaType;

  Format(int coapContentFormat, String mediaType) {
    this.coapContentFormat = coapContentFormat;
    this.mediaType = mediaType;
  }

  /** The CoAP Content-Format number (RFC 7252 §12.3 registry). */
  public int coapContentFormat() {
    return coapContentFormat;
  }

  /** The media type, for HTTP {@code Content-Type}. */
  public String mediaType() {
    return mediaType;
  }

  /**
   * The format of a message by its first byte: JSON when it is {@code '{'} or {@code '['}, CBOR
   * otherwise (including an empty message, which then fails to decode as CBOR). No whitespace is
   * skipped: the contract says JSON <em>starts</em> with a brace or bracket.
   */
  public static Format sniff(byte[] message) {
    if (message.length > 0 && (message[0] == '{' || message[0] == '[')) {
      return JSON;
    }
    return CBOR;
  }
}
