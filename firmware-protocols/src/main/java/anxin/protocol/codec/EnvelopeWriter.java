package anxin.protocol.codec;

import anxin.protocol.Event;
import anxin.protocol.Limits;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes envelopes straight to Jackson's generator, keys in the order of DESIGN §3. No tree is
 * built in between: a gateway encodes every batch it sends (and the benchmark's load generator tens
 * of thousands of events a second), and a tree of nodes per event was most of what encoding
 * allocated (EventCodecBench, docs/benchmarks.md).
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
        envelope(g, e);
      }
      if (array) {
        g.writeEndArray();
      }
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return out.toByteArray();
  }

  private static void envelope(JsonGenerator g, Event e) throws IOException {
    g.writeStartObject();
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
      g.writeObjectField("data", e.data());
    }
    g.writeEndObject();
  }
}
