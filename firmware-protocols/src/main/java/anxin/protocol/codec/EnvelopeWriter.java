package anxin.protocol.codec;

import anxin.protocol.Event;
import anxin.protocol.Limits;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes envelopes straight to Jackson's generator, keys in the order of DESIGN §3. No tree is
 * built in between: a gateway encodes every batch it sends (and the benchmark's load generator tens
 * of thousands of events a second), and a tree of nodes per event was most of what encoding
 * allocated (EventCodecBench, docs/benchmarks.md). The bytes are the tree's: CBOR maps and arrays
 * carry their lengths (EnvelopeWriterTest).
 */
final class EnvelopeWriter {

  private EnvelopeWriter() {}

  static byte[] write(ObjectMapper mapper, Event e) {
    return write(mapper, List.of(e), false);
  }

  static byte[] write(ObjectMapper mapper, List<Event> events, boolean array) {
    ByteArrayBuilder out = new ByteArrayBuilder();
    try (JsonGenerator g = mapper.createGenerator(out)) {
      if (array) {
        g.writeStartArray(events, events.size());
      }
      for (Event e : events) {
        envelope(mapper, g, e);
      }
      if (array) {
        g.writeEndArray();
      }
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return out.toByteArray();
  }

  private static void envelope(ObjectMapper mapper, JsonGenerator g, Event e) throws IOException {
    int fields =
        4
            + (e.ts() != null ? 1 : 0)
            + (e.bat() != null ? 1 : 0)
            + (e.rssi() != null ? 1 : 0)
            + (e.data().isEmpty() ? 0 : 1);
    g.writeStartObject(e, fields); // CBOR: a definite-length map, as RFC 8949 §4.2 prefers
    g.writeNumberField("v", Limits.PROTOCOL_VERSION);
    g.writeStringField("dev", e.dev());
    g.writeNumberField("seq", e.seq());
    g.writeStringField("type", e.type().wireName());
    if (e.ts() != null) {
      g.writeNumberField("ts", e.ts().longValue());
    }
    if (e.bat() != null) {
      g.writeNumberField("bat", e.bat().intValue());
    }
    if (e.rssi() != null) {
      g.writeNumberField("rssi", e.rssi().intValue());
    }
    if (!e.data().isEmpty()) {
      g.writeFieldName("data");
      g.writeStartObject(e.data(), e.data().size());
      for (Map.Entry<String, Object> d : e.data().entrySet()) {
        g.writeFieldName(d.getKey());
        Object v = d.getValue();
        if (v instanceof Map<?, ?>
            || v instanceof Collection<?>
            || v != null && v.getClass().isArray()) {
          // rare; through a tree, whose maps and arrays Jackson writes with definite lengths
          g.writeTree(mapper.valueToTree(v));
        } else {
          g.writeObject(v);
        }
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }
}
