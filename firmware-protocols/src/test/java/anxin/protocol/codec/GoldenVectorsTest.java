package anxin.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import anxin.protocol.DecodeResult;
import anxin.protocol.Decoded;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Limits;
import anxin.protocol.Reason;
import anxin.protocol.topic.DeviceDirectory;
import anxin.protocol.topic.Topic;
import anxin.protocol.topic.TopicRules;
import anxin.protocol.topic.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden vectors of wire contract v1 under {@code src/test/resources/golden/v1}: every file
 * decodes exactly as {@code index.json} records, the JSON and CBOR files of one vector agree, and
 * no file in the directory goes unchecked. Shipped vectors must always decode (STYLE.md, Tests).
 */
class GoldenVectorsTest {

  private static final String INDEX = "/golden/v1/index.json";
  private static final Pattern HEX_BYTE = Pattern.compile("[0-9a-f]{2}");

  private final EventCodec codec = new EventCodec();

  @TestFactory
  Stream<DynamicTest> everyFile_decodesAsRecordedInIndex() {
    return vectors().stream()
        .flatMap(
            vector ->
                files(vector).stream()
                    .map(
                        file ->
                            DynamicTest.dynamicTest(
                                file, () -> assertDecodesAsRecorded(vector, file))));
  }

  @TestFactory
  Stream<DynamicTest> filesOfOneVector_decodeAlike() {
    return vectors().stream()
        .filter(vector -> files(vector).size() > 1)
        .map(
            vector ->
                DynamicTest.dynamicTest(
                    vector.get("name").asText(),
                    () -> {
                      List<String> files = files(vector);
                      List<String> first = summary(codec.decode(payload(files.get(0))));
                      for (String other : files.subList(1, files.size())) {
                        assertThat(summary(codec.decode(payload(other))))
                            .as("%s decodes like %s", other, files.get(0))
                            .isEqualTo(first);
                      }
                    }));
  }

  @Test
  void directory_holdsExactlyTheFilesListedInIndex() throws IOException {
    Set<String> onDisk;
    try (Stream<Path> paths = Files.list(dir())) {
      onDisk =
          paths
              .map(p -> p.getFileName().toString())
              .filter(name -> !name.equals("index.json") && !name.equals("INDEX.md"))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    List<String> listed = vectors().stream().flatMap(v -> files(v).stream()).toList();

    assertThat(listed).as("files listed twice in index.json").doesNotHaveDuplicates();
    assertThat(onDisk).as("files in golden/v1 vs index.json").isEqualTo(new TreeSet<>(listed));
  }

  @Test
  void indexMd_describesEveryListedFile() throws IOException {
    String indexMd = Files.readString(dir().resolve("INDEX.md"), StandardCharsets.UTF_8);

    for (JsonNode vector : vectors()) {
      for (String file : files(vector)) {
        assertThat(indexMd).as("INDEX.md mentions %s", file).contains("`" + file + "`");
      }
    }
  }

  @Test
  void everyEventType_hasAnAcceptedVectorInJsonAndCbor() {
    for (EventType type : EventType.values()) {
      boolean covered =
          vectors().stream()
              .filter(v -> files(v).stream().anyMatch(f -> f.endsWith(".json")))
              .filter(v -> files(v).stream().anyMatch(f -> f.endsWith(".cbor.hex")))
              .flatMap(v -> elements(v.get("expect")).stream())
              .anyMatch(
                  e ->
                      "accepted".equals(e.get("outcome").asText())
                          && type.wireName().equals(e.get("type").asText()));
      assertThat(covered).as("a JSON+CBOR vector accepting a %s event", type).isTrue();
    }
  }

  @Test
  void everyRejectionReason_hasAVector() {
    Set<String> shown = new TreeSet<>();
    for (JsonNode vector : vectors()) {
      if (vector.has("ingest_only_reason")) {
        shown.add(vector.get("ingest_only_reason").asText());
      }
      for (JsonNode e : elements(vector.get("expect"))) {
        if (e.has("reason")) {
          shown.add(e.get("reason").asText());
        }
        if (e.has("topic_check")) {
          shown.add(e.get("topic_check").asText());
        }
      }
    }
    for (Reason reason : Reason.values()) {
      assertThat(shown).as("vectors showing the reasons").contains(reason.wireName());
    }
  }

  @Test
  void tooLarge_withOnePaddingByteLess_isExactlyTheLimitAndAccepted() {
    byte[] over = payload("too-large.json");
    assertThat(over).hasSize(Limits.MAX_MESSAGE_BYTES + 1);
    String text = new String(over, StandardCharsets.UTF_8);
    int pad = text.indexOf("\"pad\":\"x") + "\"pad\":\"".length();

    String exact = text.substring(0, pad) + text.substring(pad + 1);
    byte[] limit = exact.getBytes(StandardCharsets.UTF_8);
    DecodeResult result = codec.decode(limit);

    assertThat(limit).hasSize(Limits.MAX_MESSAGE_BYTES);
    assertThat(result.events()).singleElement().extracting(Event::dev).isEqualTo("pb-0001");
  }

  private void assertDecodesAsRecorded(JsonNode vector, String file) {
    DecodeResult result = codec.decode(payload(file));

    List<JsonNode> expected = elements(vector.get("expect"));
    assertThat(result.batch()).as("%s: batch", file).isEqualTo(vector.get("batch").asBoolean());
    assertThat(result.items()).as("%s: outcomes %s", file, result.items()).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertOutcome(file, expected.get(i), result.items().get(i));
    }
    if (vector.has("topic")) {
      assertTopicChecks(vector, file, result);
    }
  }

  private static void assertOutcome(String file, JsonNode want, Decoded got) {
    String where = file + " #" + want.get("index").asInt();
    assertThat(got.index()).as("%s: index of %s", where, got).isEqualTo(want.get("index").asInt());
    switch (want.get("outcome").asText()) {
      case "accepted" -> {
        assertThat(got).as("%s", where).isInstanceOf(Decoded.Accepted.class);
        Event e = ((Decoded.Accepted) got).event();
        assertThat(e.dev()).as("%s: dev", where).isEqualTo(want.get("dev").asText());
        assertThat(e.seq()).as("%s: seq", where).isEqualTo(want.get("seq").asLong());
        assertThat(e.type().wireName()).as("%s: type", where).isEqualTo(want.get("type").asText());
        assertThat(e.ts()).as("%s: ts", where).isEqualTo(toJava(want.get("ts")));
        assertThat(toLong(e.bat())).as("%s: bat", where).isEqualTo(toJava(want.get("bat")));
        assertThat(toLong(e.rssi())).as("%s: rssi", where).isEqualTo(toJava(want.get("rssi")));
        assertThat(e.data()).as("%s: data", where).isEqualTo(toJava(want.get("data")));
      }
      case "rejected" -> {
        assertThat(got).as("%s", where).isInstanceOf(Decoded.Rejected.class);
        Decoded.Rejected r = (Decoded.Rejected) got;
        assertThat(r.reason().wireName())
            .as("%s: reason (%s)", where, r.detail())
            .isEqualTo(want.get("reason").asText());
        assertThat(r.detail()).as("%s: detail", where).isNotBlank();
        if (want.has("field")) {
          assertThat(r.detail())
              .as("%s: detail", where)
              .startsWith(want.get("field").asText() + ":");
        }
        assertThat(r.dev()).as("%s: dev", where).isEqualTo(toJava(want.get("dev")));
        assertThat(r.seq()).as("%s: seq", where).isEqualTo(toJava(want.get("seq")));
      }
      default -> fail("%s: unknown outcome in index.json: %s", where, want.get("outcome"));
    }
  }

  private static void assertTopicChecks(JsonNode vector, String file, DecodeResult result) {
    Topic topic = Topics.parse(vector.get("topic").asText());
    assertThat(topic).as("%s: topic", file).isInstanceOf(Topic.EventTopic.class);
    Map<String, String> facilityByDevice = new LinkedHashMap<>();
    vector
        .get("directory")
        .fields()
        .forEachRemaining(f -> facilityByDevice.put(f.getKey(), f.getValue().asText()));
    DeviceDirectory directory = DeviceDirectory.of(facilityByDevice);

    List<JsonNode> expected = elements(vector.get("expect"));
    for (int i = 0; i < expected.size(); i++) {
      if (!(result.items().get(i) instanceof Decoded.Accepted accepted)) {
        continue;
      }
      JsonNode want = expected.get(i);
      assertThat(want.has("topic_check")).as("%s #%d: topic_check recorded", file, i).isTrue();
      Optional<TopicRules.Refusal> refusal =
          TopicRules.check((Topic.EventTopic) topic, accepted.event(), directory);
      String outcome = refusal.map(r -> r.reason().wireName()).orElse("accepted");
      assertThat(outcome)
          .as("%s #%d: topic rules (%s)", file, i, refusal)
          .isEqualTo(want.get("topic_check").asText());
    }
  }

  /** What must agree between the files of one vector: everything but the free-text detail. */
  private static List<String> summary(DecodeResult result) {
    List<String> lines = new ArrayList<>();
    lines.add("batch=" + result.batch());
    for (Decoded d : result.items()) {
      if (d instanceof Decoded.Accepted a) {
        lines.add(a.index() + " accepted " + a.event());
      } else if (d instanceof Decoded.Rejected r) {
        lines.add(r.index() + " " + r.reason() + " " + r.dev() + " " + r.seq());
      }
    }
    return lines;
  }

  // ---------------------------------------------------------------- reading the vectors

  private static JsonNode index;

  private static synchronized JsonNode index() {
    if (index == null) {
      try {
        index = new ObjectMapper().readTree(dir().resolve("index.json").toFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return index;
  }

  private static List<JsonNode> vectors() {
    return elements(index().get("vectors"));
  }

  private static List<String> files(JsonNode vector) {
    return elements(vector.get("files")).stream().map(JsonNode::asText).toList();
  }

  private static List<JsonNode> elements(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  /**
   * The vector directory: the source copy when the tests run from a checkout, because {@code
   * target/test-classes} keeps copies of deleted or renamed files until a clean; else the copy on
   * the classpath.
   */
  static Path dir() {
    URL url = GoldenVectorsTest.class.getResource(INDEX);
    if (url == null) {
      throw new IllegalStateException("not on the test classpath: " + INDEX);
    }
    Path onClasspath;
    try {
      onClasspath = Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bad resource URL: " + url, e);
    }
    // <module>/target/test-classes/golden/v1 -> <module>/src/test/resources/golden/v1
    Path module = onClasspath.getParent().getParent().getParent().getParent();
    Path source = module.resolve("src/test/resources/golden/v1");
    return Files.isRegularFile(source.resolve("index.json")) ? source : onClasspath;
  }

  /**
   * The payload of a vector file: a {@code *.hex} file's bytes (whitespace-separated lowercase
   * pairs, {@code #} comments), any other file verbatim.
   */
  static byte[] payload(String file) {
    byte[] raw;
    try {
      raw = Files.readAllBytes(dir().resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file.endsWith(".hex") ? hex(file, new String(raw, StandardCharsets.UTF_8)) : raw;
  }

  static byte[] hex(String file, String text) {
    List<String> tokens = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      int comment = line.indexOf('#');
      String bytes = (comment >= 0 ? line.substring(0, comment) : line).strip();
      if (!bytes.isEmpty()) {
        tokens.addAll(List.of(bytes.split("\\s+")));
      }
    }
    byte[] out = new byte[tokens.size()];
    for (int i = 0; i < out.length; i++) {
      String token = tokens.get(i);
      if (!HEX_BYTE.matcher(token).matches()) {
        throw new IllegalArgumentException(file + ": not a lowercase hex byte: \"" + token + "\"");
      }
      out[i] = (byte) Integer.parseInt(token, 16);
    }
    return out;
  }

  /** A JSON value of index.json as the decoder's value types: Long, Double, String, List, Map. */
  private static Object toJava(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(f -> map.put(f.getKey(), toJava(f.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(element -> list.add(toJava(element)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return node.asText();
  }

  private static Long toLong(Integer i) {
    return i == null ? null : i.longValue();
  }
}
