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

  private static final byte[] JSON_PANIC = json("panic");
  private static final byte[] JSON_FALL = json("fall");
  private static final byte[] JSON_TAMPER = json("tamper");
  private static final byte[] CBOR_PANIC = cbor("panic");
  private static final byte[] CBOR_FALL = cbor("fall");
  private static final byte[] CBOR_TAMPER = cbor("tamper");

  private AlarmBytes() {}

  /**
   * True when {@code payload} contains one of the words as a JSON or CBOR string.
   *
   * <p>One pass that looks at a byte and the one after it, and compares the rest of a word only
   * where both fit: a quote followed by {@code p}, {@code f} or {@code t}, or a CBOR header of the
   * right length followed by its word's first letter. Every MQTT message is scanned on Paho's
   * thread, twice with the alarm watch; comparing all six words at every byte cost 15 ns a byte
   * (0.12 ms for an 8 KB gateway batch), this about 2 (docs/benchmarks.md).
   */
  static boolean mayCarryAlarm(byte[] payload) {
    for (int i = 0, last = payload.length - 1; i < last; i++) {
      byte next = payload[i + 1];
      switch (payload[i]) {
        case '"' -> {
          if ((next == 'p' && matches(payload, i, JSON_PANIC))
              || (next == 'f' && matches(payload, i, JSON_FALL))
              || (next == 't' && matches(payload, i, JSON_TAMPER))) {
            return true;
          }
        }
        case 0x65 -> { // CBOR text string of 5 bytes
          if (next == 'p' && matches(payload, i, CBOR_PANIC)) {
            return true;
          }
        }
        case 0x64 -> { // of 4 bytes
          if (next == 'f' && matches(payload, i, CBOR_FALL)) {
            return true;
          }
        }
        case 0x66 -> { // of 6 bytes
          if (next == 't' && matches(payload, i, CBOR_TAMPER)) {
            return true;
          }
        }
        default -> {}
      }
    }
    return false;
  }

  /** Whether {@code word} is at {@code at}, its first two bytes being known to match. */
  private static boolean matches(byte[] payload, int at, byte[] word) {
    if (at + word.length > payload.length) {
      return false;
    }
    for (int k = 2; k < word.length; k++) {
      if (payload[at + k] != word[k]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] json(String word) {
    return ("\"" + word + "\"").getBytes(StandardCharsets.US_ASCII);
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
