package anxin.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the parts of a structured fuzz input from the fuzzer's bytes: small numbers, choices,
 * length-prefixed byte strings and the rest. Never fails: past the end everything reads as zero or
 * empty, so every byte string the fuzzer makes is a valid input. {@link Builder} writes the same
 * layout, for seeds.
 */
public final class FuzzInput {

  private final byte[] data;
  private int pos;

  public FuzzInput(byte[] data) {
    this.data = data;
  }

  /** The next byte, 0..255; 0 past the end. */
  public int u8() {
    return pos < data.length ? data[pos++] & 0xff : 0;
  }

  /** One of {@code 0..n-1}. */
  public int pick(int n) {
    return u8() % n;
  }

  public boolean bool() {
    return (u8() & 1) == 1;
  }

  /** A byte string of at most {@code max} bytes, its length in the next two bytes. */
  public byte[] bytes(int max) {
    int declared = (u8() << 8) | u8();
    int n = Math.min(Math.min(declared, max), data.length - pos);
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  /** {@link #bytes} as UTF-8 text (malformed sequences replaced). */
  public String text(int max) {
    return new String(bytes(max), StandardCharsets.UTF_8);
  }

  /** Everything not read yet. */
  public byte[] rest() {
    byte[] out = Arrays.copyOfRange(data, Math.min(pos, data.length), data.length);
    pos = data.length;
    return out;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Writes an input that {@link FuzzInput} reads back part by part, for seeds. */
  public static final class Builder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Builder u8(int value) {
      out.write(value);
      return this;
    }

    public Builder bytes(byte[] value) {
      out.write(value.length >>> 8);
      out.write(value.length);
      out.writeBytes(value);
      return this;
    }

    public Builder text(String value) {
      return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Ends the input with {@code value}, read back by {@link FuzzInput#rest}. */
    public byte[] rest(byte[] value) {
      out.writeBytes(value);
      return out.toByteArray();
    }

    public byte[] build() {
      return out.toByteArray();
    }
  }
}
