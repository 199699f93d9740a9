package anxin.alerting.notify.smpp;

import anxin.alerting.notify.SmsText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A text as {@code submit_sm} payloads. GSM 7-bit texts go as unpacked septets with {@code
 * data_coding} 0x00, anything else as UTF-16BE (UCS-2) with 0x08. A text longer than one segment is
 * split into parts of {@value SmsText#GSM7_PART} septets or {@value SmsText#UCS2_PART} units, never
 * inside an escape pair or a surrogate pair, each prefixed with the 6-octet concatenation UDH of
 * 3GPP TS 23.040 §9.2.3.24.1 ({@code 05 00 03 ref total seq}) and sent with {@code esm_class} UDHI
 * (0x40).
 *
 * <p>Why UDH rather than {@code message_payload}: every SMSC and handset understands UDH
 * concatenation, while {@code message_payload} in {@code submit_sm} is optional in SMPP 3.4 and
 * many SMSCs reject or truncate it.
 *
 * @param dataCoding 0x00 or 0x08
 * @param payloads one per {@code submit_sm}
 * @param udh whether payloads start with a UDH
 */
record SmsParts(byte dataCoding, List<byte[]> payloads, boolean udh) {

  static final byte GSM7 = 0x00;
  static final byte UCS2 = 0x08;

  static SmsParts of(String text, int reference) {
    boolean gsm = SmsText.isGsm7(text);
    byte coding = gsm ? GSM7 : UCS2;
    if (SmsText.fitsOneSegment(text)) {
      byte[] single = gsm ? SmsText.encodeGsm7(text) : text.getBytes(StandardCharsets.UTF_16BE);
      return new SmsParts(coding, List.of(single), false);
    }
    List<byte[]> chunks = gsm ? gsmChunks(text) : ucs2Chunks(text);
    if (chunks.size() > 255) {
      throw new IllegalArgumentException("text needs more than 255 parts: " + chunks.size());
    }
    List<byte[]> payloads = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      byte[] chunk = chunks.get(i);
      byte[] p = new byte[6 + chunk.length];
      p[0] = 0x05; // UDH length
      p[1] = 0x00; // IEI: concatenated short messages, 8-bit reference
      p[2] = 0x03; // IE length
      p[3] = (byte) reference;
      p[4] = (byte) chunks.size();
      p[5] = (byte) (i + 1);
      System.arraycopy(chunk, 0, p, 6, chunk.length);
      payloads.add(p);
    }
    return new SmsParts(coding, List.copyOf(payloads), true);
  }

  private static List<byte[]> gsmChunks(String text) {
    byte[] septets = SmsText.encodeGsm7(text);
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    while (start < septets.length) {
      int end = Math.min(start + SmsText.GSM7_PART, septets.length);
      if (end < septets.length && septets[end - 1] == 0x1B) {
        end--; // keep an escape and its character together
      }
      byte[] chunk = new byte[end - start];
      System.arraycopy(septets, start, chunk, 0, chunk.length);
      out.add(chunk);
      start = end;
    }
    return out;
  }

  private static List<byte[]> ucs2Chunks(String text) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = Math.min(start + SmsText.UCS2_PART, text.length());
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      out.add(text.substring(start, end).getBytes(StandardCharsets.UTF_16BE));
      start = end;
    }
    return out;
  }
}
