package anxin.protocol.codec;

import anxin.protocol.Event;
import anxin.protocol.Limits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Builds the envelope tree of an {@link Event}, keys in the order of DESIGN §3. */
final class EnvelopeWriter {

  private EnvelopeWriter() {}

  static ObjectNode toTree(ObjectMapper mapper, Event e) {
    ObjectNode node = mapper.createObjectNode();
    node.put("v", Limits.PROTOCOL_VERSION);
    node.put("dev", e.dev());
    node.put("seq", e.seq());
    node.put("type", e.type().wireName());
    if (e.ts() != null) {
      node.put("ts", e.ts().longValue());
    }
    if (e.bat() != null) {
      node.put("bat", e.bat().intValue());
    }
    if (e.rssi() != null) {
      node.put("rssi", e.rssi().intValue());
    }
    if (!e.data().isEmpty()) {
      node.set("data", dataTree(mapper, e.data()));
    }
    return node;
  }

  private static JsonNode dataTree(ObjectMapper mapper, Map<String, Object> data) {
    return mapper.valueToTree(data);
  }
}
