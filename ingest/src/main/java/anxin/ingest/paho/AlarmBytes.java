package anxin.ingest.paho;

import java.nio.charset.StandardCharsets;

/**
 * Whether a message may carry an event that pages at once ({@code panic}, {@code fall}, {@code
 * tamper}: {@link anxin.protocol.EventType#pagesAtOnce}), decided from its raw bytes before
 * decoding: true when it contains one of those words as a whole string, in JSON ({@code "panic"},
 * quotes included) or in CBOR (a text string with its length in the initial byte: {@code 0x65
 * panic}, {@code 0x64 fall}, {@code 0x66 tamper}). Device ids such as {@code fall-101} do not
 * match. No alarm is missed by this test except one whose type is spelled with JSON escapes ({@code
 * "p\u0061nic"}), which then simply gets no priority; a false positive (a door named {@code
 * "fall"}) only gives a message priority it did not need. The answer chooses a lane, never what
 * happens to the message.
 */
final class AlarmBytes {

  private static final byte[][] WORDS = {
    "\"panic\"".getBytes(StandardCharsets.US_ASCII),
    "\"fall\"".getBytes(StandardCharsets.US_ASCII),
    "\"tamper\"".getBytes(StandardCharsets.US_ASCII),
    cbor("panic"),
    cbor("fall"),
    cbor("tamper"),
  };

  private AlarmBytes() {}

  /** True when {@code payload} contains one of the words as a JSON or CBOR string. */
  static boolean mayCarryAlarm(byte[] payload) {
    for (int i = 0; i < payload.length; i++) {
      for (byte[] word : WORDS) {
        if (payload[i] == word[0] && startsWith(payload, i, word)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean startsWith(byte[] payload, int at, byte[] word) {
    if (at + word.length > payload.length) {
      return false;
    }
    for (int k = 1; k < word.length; k++) {
      if (payload[at + k] != word[k]) {
        return false;
      }
    }
    return true;
  }

  /** A short CBOR text string: major type 3 with the length in the initial byte. */
  private static byte[] cbor(String word) {
    byte[] text = word.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[text.length + 1];
    out[0] = (byte) (0x60 | text.length);
    System.arraycopy(text, 0, out, 1, text.length);
    return out;
  }
}
