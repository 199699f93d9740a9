package anxin.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Limits;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The streaming writer gives the very bytes of the tree it replaced (an {@code ObjectNode} per
 * envelope, serialised by Jackson), in JSON and in CBOR, where maps and arrays have definite
 * lengths.
 */
class EnvelopeWriterTest {

  private final EventCodec codec = new EventCodec();
  private final ObjectMapper json = new ObjectMapper();
  private final ObjectMapper cbor =
      new ObjectMapper(
          CBORFactory.builder()
              .enable(CBORGenerator.Feature.ENCODE_USING_STANDARD_NEGATIVE_BIGINT_ENCODING)
              .build());

  private static List<Event> events() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("door", "balcony");
    nested.put("count", 3);
    nested.put("big", 12_345_678_901L);
    nested.put("ratio", 0.25);
    nested.put("ok", true);
    nested.put("list", List.of(1, "two", Map.of("x", -1)));
    nested.put("inner", Map.of("a", BigInteger.valueOf(-5).shiftLeft(70)));
    return List.of(
        Event.of("d", 0, EventType.PANIC),
        Event.of("h1-r12-door", 4_294_967_295L, EventType.DOOR_OPEN)
            .withTs(1_773_108_000_123L)
            .withBat(87)
            .withRssi(-71)
            .withData(Map.of("door", "room")),
        Event.of("pir.7", 42, EventType.MOTION).withBat(3).withData(nested));
  }

  @Test
  void singleEnvelopes_areTheTreesBytes() throws Exception {
    for (Event e : events()) {
      assertThat(codec.encodeJson(e))
          .as("JSON %s", e)
          .isEqualTo(json.writeValueAsBytes(tree(json, e)));
      assertThat(codec.encodeCbor(e))
          .as("CBOR %s", e)
          .isEqualTo(cbor.writeValueAsBytes(tree(cbor, e)));
    }
  }

  @Test
  void batches_areTheTreesBytes() throws Exception {
    for (ObjectMapper m : List.of(json, cbor)) {
      ArrayNode array = m.createArrayNode();
      events().forEach(e -> array.add(tree(m, e)));
      byte[] encoded = m == json ? codec.encodeJson(events()) : codec.encodeCbor(events());
      assertThat(encoded).isEqualTo(m.writeValueAsBytes(array));
    }
    assertThat(codec.encodeCbor(Event.of("d", 0, EventType.PANIC))[0] & 0xff)
        .as("a definite-length map of four pairs")
        .isEqualTo(0xa4);
  }

  /** The envelope as the writer built it before 2026-11-30. */
  private static ObjectNode tree(ObjectMapper mapper, Event e) {
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
      node.set("data", mapper.valueToTree(e.data()));
    }
    return node;
  }
}
