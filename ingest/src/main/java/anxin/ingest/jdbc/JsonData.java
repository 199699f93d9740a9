package anxin.ingest.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * An event's {@code data} map as JSON text that PostgreSQL's {@code jsonb} always accepts. A value
 * jsonb would refuse would fail the writer's whole batch, and the writer retries a batch until it
 * commits, so nothing here may be refused: U+0000 (which jsonb rejects) and unpaired surrogates
 * become U+FFFD, non-finite doubles (CBOR can carry them, JSON cannot) become the strings {@code
 * "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, and byte strings become base64 strings.
 */
final class JsonData {

  private JsonData() {}

  /** The JSON text of {@code data}, or null when it is empty. */
  static String of(Map<String, Object> data) {
    if (data == null || data.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder(64);
    value(out, data);
    return out.toString();
  }

  private static void value(StringBuilder out, Object v) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String s) {
      string(out, s);
    } else if (v instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (v instanceof Long
        || v instanceof Integer
        || v instanceof Short
        || v instanceof Byte
        || v instanceof BigInteger) {
      out.append(v);
    } else if (v instanceof BigDecimal d) {
      out.append(d.toString());
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isFinite(d)) {
        out.append(d); // Double.toString: "1.5", "1.0E10", "-0.0" are all JSON numbers
      } else {
        string(out, Double.toString(d));
      }
    } else if (v instanceof byte[] bytes) {
      string(out, Base64.getEncoder().encodeToString(bytes));
    } else if (v instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, String.valueOf(e.getKey()));
        out.append(':');
        value(out, e.getValue());
      }
      out.append('}');
    } else if (v instanceof Collection<?> list) {
      out.append('[');
      boolean first = true;
      for (Object element : list) {
        if (!first) {
          out.append(',');
        }
        first = false;
        value(out, element);
      }
      out.append(']');
    } else {
      string(out, v.toString());
    }
  }

  /** A JSON string literal (RFC 8259 §7), with what jsonb refuses replaced by U+FFFD. */
  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c == 0) {
        out.append('\uFFFD');
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append('\uFFFD');
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
