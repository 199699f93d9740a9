package anxin.protocol.codec;

import anxin.protocol.DecodeResult;
import anxin.protocol.Event;
import anxin.protocol.Format;
import anxin.protocol.Limits;
import anxin.protocol.Reason;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.IOException;
import java.util.List;

/**
 * Encodes and decodes event messages of wire contract v1 (DESIGN §3) in JSON and CBOR.
 *
 * <p>Decoding never throws on input: every problem becomes a {@link
 * anxin.protocol.Decoded.Rejected} with the reason of §3 and a detail naming the field. A batch
 * (array) yields every valid envelope and one rejection per bad one. Thread-safe; create one and
 * share it.
 */
public final class EventCodec {

  private final ObjectMapper json;
  private final ObjectMapper cbor;

  /** A codec with the limits of {@link Limits}. */
  public EventCodec() {
    StreamReadConstraints constraints =
        StreamReadConstraints.builder()
            .maxNestingDepth(Limits.MAX_NESTING_DEPTH)
            .maxStringLength(Limits.MAX_MESSAGE_BYTES)
            .build();
    JsonFactory jsonFactory =
        JsonFactory.builder()
            .streamReadConstraints(constraints)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    CBORFactory cborFactory =
        CBORFactory.builder()
            .streamReadConstraints(constraints)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // RFC 8949 §3.3: simple values (e0..f3, f8 xx) are not integers; read by default as
            // numbers, simple(1) would pass as "v": 1. As embedded objects they are wrong types.
            .enable(CBORParser.Feature.READ_SIMPLE_VALUE_AS_EMBEDDED_OBJECT)
            // RFC 8949 §3.4.3: tag 3 over n is -1-n; the default reads -n (tag 3 of 0 as seq 0).
            // Written the same way, so a negative BigInteger in data still round-trips.
            .enable(CBORParser.Feature.DECODE_USING_STANDARD_NEGATIVE_BIGINT_ENCODING)
            .enable(CBORGenerator.Feature.ENCODE_USING_STANDARD_NEGATIVE_BIGINT_ENCODING)
            .build();
    this.json = configure(new ObjectMapper(jsonFactory));
    this.cbor = configure(new ObjectMapper(cborFactory));
  }

  private static ObjectMapper configure(ObjectMapper mapper) {
    return mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * Decodes one message: a single envelope or an array of envelopes, JSON when the first byte is
   * {@code '{'} or {@code '['}, CBOR otherwise.
   *
   * @param message the raw payload, not null
   * @return one outcome per envelope, never null
   */
  public DecodeResult decode(byte[] message) {
    if (message.length > Limits.MAX_MESSAGE_BYTES) {
      return DecodeResult.rejected(
          Reason.TOO_LARGE,
          "message is " + message.length + " bytes, limit " + Limits.MAX_MESSAGE_BYTES);
    }
    Format format = Format.sniff(message);
    if (format == Format.JSON && hasNulInFirstFourBytes(message)) {
      // §3 and RFC 8259 §8.1: JSON is UTF-8. Jackson would otherwise detect UTF-16LE/UTF-32LE
      // from the zero bytes; a NUL byte is never valid in UTF-8 JSON text anyway.
      return DecodeResult.rejected(
          Reason.MALFORMED, "not valid JSON: must be UTF-8, found a NUL byte (UTF-16/32?)");
    }
    JsonNode root;
    try {
      root = (format == Format.JSON ? json : cbor).readTree(message);
    } catch (JsonProcessingException e) {
      return DecodeResult.rejected(Reason.MALFORMED, "not valid " + format + ": " + brief(e));
    } catch (IOException | RuntimeException e) {
      // Jackson reports some malformed input (e.g. truncated CBOR) as other exception types.
      return DecodeResult.rejected(Reason.MALFORMED, "not valid " + format + ": " + brief(e));
    }
    if (root == null || root.isMissingNode()) {
      return DecodeResult.rejected(Reason.MALFORMED, "empty message");
    }
    return EnvelopeReader.read(root);
  }

  /** Encodes one envelope as JSON (UTF-8). */
  public byte[] encodeJson(Event event) {
    return EnvelopeWriter.write(json, event);
  }

  /** Encodes a batch as a JSON array. */
  public byte[] encodeJson(List<Event> events) {
    return EnvelopeWriter.write(json, events, true);
  }

  /** Encodes one envelope as CBOR. */
  public byte[] encodeCbor(Event event) {
    return EnvelopeWriter.write(cbor, event);
  }

  /** Encodes a batch as a CBOR array. */
  public byte[] encodeCbor(List<Event> events) {
    return EnvelopeWriter.write(cbor, events, true);
  }

  /** Encodes one envelope in the given format. */
  public byte[] encode(Event event, Format format) {
    return format == Format.JSON ? encodeJson(event) : encodeCbor(event);
  }

  /** Encodes a batch in the given format. */
  public byte[] encode(List<Event> events, Format format) {
    return format == Format.JSON ? encodeJson(events) : encodeCbor(events);
  }

  private static boolean hasNulInFirstFourBytes(byte[] message) {
    for (int i = 1; i < Math.min(4, message.length); i++) {
      if (message[i] == 0) {
        return true;
      }
    }
    return false;
  }

  private static String brief(Exception e) {
    String m = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    if (m == null) {
      m = e.getClass().getSimpleName();
    }
    m = m.replaceAll("\\s+", " ");
    return m.length() > 160 ? m.substring(0, 160) + "…" : m;
  }
}
