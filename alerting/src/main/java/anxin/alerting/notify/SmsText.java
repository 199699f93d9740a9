package anxin.alerting.notify;

import java.io.ByteArrayOutputStream;

/**
 * SMS length rules (3GPP TS 23.038 alphabets, TS 23.040 concatenation). A text that the GSM 7-bit
 * default alphabet can carry fits 160 characters in one segment (153 per part when concatenated;
 * characters of the extension table, such as {@code €[]{}}, count twice); any other text travels as
 * UCS-2: 70 UTF-16 units in one segment, 67 per part. One Chinese character makes the whole message
 * UCS-2.
 *
 * <p>The GSM encoding here is unpacked, one septet per octet: what SMPP's {@code data_coding} 0
 * ("SMSC default alphabet") carries on GSM SMSCs.
 */
public final class SmsText {

  /** GSM 7-bit single segment, septets. */
  public static final int GSM7_SINGLE = 160;

  /** GSM 7-bit part of a concatenated message (6-octet UDH), septets. */
  public static final int GSM7_PART = 153;

  /** UCS-2 single segment, UTF-16 units. */
  public static final int UCS2_SINGLE = 70;

  /** UCS-2 part of a concatenated message (6-octet UDH), UTF-16 units. */
  public static final int UCS2_PART = 67;

  // TS 23.038 §6.2.1 default alphabet; index = septet. 0x1B is the escape to the extension table.
  private static final String BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

  // TS 23.038 §6.2.1.1 extension table: characters and their septets after 0x1B.
  private static final String EXT_CHARS = "\f^{}\\[~]|€";
  private static final byte[] EXT_CODES = {
    0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65
  };

  private static final int ESC = 0x1B;

  private SmsText() {}

  /** True when every character is in the GSM default alphabet or its extension table. */
  public static boolean isGsm7(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((BASIC.indexOf(c) < 0 || c == ESC) && EXT_CHARS.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Length in the text's encoding: septets for GSM 7-bit, UTF-16 units for UCS-2. */
  public static int units(String text) {
    if (!isGsm7(text)) {
      return text.length();
    }
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      n += EXT_CHARS.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
    }
    return n;
  }

  /** The single-segment limit for this text: {@value #GSM7_SINGLE} or {@value #UCS2_SINGLE}. */
  public static int singleSegmentLimit(String text) {
    return isGsm7(text) ? GSM7_SINGLE : UCS2_SINGLE;
  }

  /** True when the text fits one SMS segment. */
  public static boolean fitsOneSegment(String text) {
    return units(text) <= singleSegmentLimit(text);
  }

  /** How many segments the text takes (at least 1). */
  public static int segments(String text) {
    int units = units(text);
    boolean gsm = isGsm7(text);
    if (units <= (gsm ? GSM7_SINGLE : UCS2_SINGLE)) {
      return 1;
    }
    int part = gsm ? GSM7_PART : UCS2_PART;
    return (units + part - 1) / part;
  }

  /**
   * Encodes to unpacked GSM 7-bit septets.
   *
   * @throws IllegalArgumentException when {@link #isGsm7} is false, naming the character's index
   */
  public static byte[] encodeGsm7(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int ext = EXT_CHARS.indexOf(c);
      if (ext >= 0) {
        out.write(ESC);
        out.write(EXT_CODES[ext]);
        continue;
      }
      int basic = BASIC.indexOf(c);
      if (basic < 0 || basic == ESC) {
        throw new IllegalArgumentException("not in the GSM 7-bit alphabet at index " + i);
      }
      out.write(basic);
    }
    return out.toByteArray();
  }

  /** Decodes unpacked GSM 7-bit septets; unknown extension septets decode as a space. */
  public static String decodeGsm7(byte[] septets) {
    StringBuilder b = new StringBuilder(septets.length);
    for (int i = 0; i < septets.length; i++) {
      int s = septets[i] & 0x7F;
      if (s == ESC && i + 1 < septets.length) {
        int e = septets[++i] & 0x7F;
        char c = ' ';
        for (int k = 0; k < EXT_CODES.length; k++) {
          if (EXT_CODES[k] == e) {
            c = EXT_CHARS.charAt(k);
          }
        }
        b.append(c);
      } else {
        b.append(BASIC.charAt(s));
      }
    }
    return b.toString();
  }
}
