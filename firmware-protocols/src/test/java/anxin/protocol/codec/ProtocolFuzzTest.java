package anxin.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.protocol.DecodeResult;
import anxin.protocol.Decoded;
import anxin.protocol.Event;
import anxin.protocol.Format;
import anxin.protocol.Limits;
import anxin.protocol.Reason;
import anxin.protocol.topic.DeviceDirectory;
import anxin.protocol.topic.Topic;
import anxin.protocol.topic.TopicRules;
import anxin.protocol.topic.Topics;
import anxin.testing.Allocations;
import anxin.testing.FuzzInput;
import anxin.testing.FuzzTargets;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz targets of the wire contract (docs/reliability.md#fuzzing), run by Jazzer:
 *
 * <ul>
 *   <li>{@code CODEC}: {@link EventCodec#decode} on any bytes, JSON or CBOR, one envelope or an
 *       array. No input throws; every rejection is one of the decoder's reasons with a detail;
 *       every accepted event survives a round trip in both formats; decoding allocates at most a
 *       constant plus a multiple of the input's length.
 *   <li>{@code TOPIC}: {@link Topics#parse} on any topic, then {@link TopicRules#check} of each
 *       event of a payload against it. A parsed topic prints back as the same string; a refusal is
 *       one of the rules' three reasons with a detail.
 * </ul>
 *
 * Seeds: every golden vector, as a message and on its device's topic.
 */
class ProtocolFuzzTest {

  enum Target {
    CODEC,
    TOPIC
  }

  private static final Set<Reason> DECODER_REASONS =
      EnumSet.of(
          Reason.MALFORMED, Reason.UNSUPPORTED_VERSION, Reason.UNKNOWN_TYPE, Reason.TOO_LARGE);

  private static final Set<Reason> TOPIC_REASONS =
      EnumSet.of(Reason.UNKNOWN_DEVICE, Reason.FACILITY_MISMATCH, Reason.UNAUTHORIZED);

  /** Jackson's parser and tree buffers, whatever the input. */
  static final long FIXED_ALLOCATION = 2 << 20;

  /**
   * Tree nodes, strings and the details naming them, per input byte. The worst input found so far
   * (the seed {@code crash-ea4f99f0...}, 2026-11-30): a CBOR array of 9,283 maps of about 3 bytes
   * each, every one rejected with its own detail: 170 B per input byte once the decoder is
   * compiled, 383 B in the fuzzer's JVM, where the path runs interpreted and nothing is
   * scalar-replaced. The bound is on the latter. A streaming reader without a tree per envelope
   * would lower both (docs/benchmarks.md).
   */
  static final long ALLOCATION_PER_BYTE = 512;

  /** Longest topic tried; brokers allow 64 KiB, but nothing past the levels' limits matters. */
  private static final int MAX_TOPIC_BYTES = 1024;

  private static final FuzzTargets<Target> TARGETS = new FuzzTargets<>(Target.class);

  private static final DeviceDirectory DIRECTORY =
      DeviceDirectory.of(
          Map.of("pb-101", "sunrise-home", "mot-bath-03", "sunrise-home", "pb-9", "other-home"));

  private final EventCodec codec = new EventCodec();

  @MethodSource("seeds")
  @DictionaryEntries({
    "{\"v\":1,",
    "\"dev\":",
    "\"seq\":",
    "\"type\":",
    "\"ts\":",
    "\"bat\":",
    "\"rssi\":",
    "\"data\":{",
    "\"conf\":",
    "\"door\":",
    "\"panic\"",
    "\"fall\"",
    "\"fall_cancel\"",
    "\"door_open\"",
    "\"heartbeat\"",
    "4294967295",
    "4294967296",
    "1e400",
    "\\u0000",
    "anxin/v1/",
    "/event",
    "/_batch/",
    "/_gw/",
    "/status",
    "/cmd",
    "sunrise-home",
    "pb-101"
  })
  @FuzzTest(maxDuration = "10s")
  void fuzz(byte[] data) {
    FuzzInput in = new FuzzInput(data);
    Target target = TARGETS.select(in);
    if (target == Target.CODEC) {
      decode(in.rest());
    } else if (target == Target.TOPIC) {
      topic(in.text(MAX_TOPIC_BYTES), in.rest());
    }
  }

  @AfterAll
  static void report() {
    System.out.print(TARGETS.report());
  }

  private void decode(byte[] message) {
    DecodeResult result =
        Allocations.bounded(
            "decode",
            FIXED_ALLOCATION,
            ALLOCATION_PER_BYTE,
            message.length,
            () -> codec.decode(message));

    assertThat(result).isNotNull();
    for (Decoded item : result.items()) {
      if (item instanceof Decoded.Rejected r) {
        assertThat(r.reason()).isIn(DECODER_REASONS);
        assertThat(r.detail()).isNotBlank();
      } else {
        Event event = ((Decoded.Accepted) item).event();
        if (anyValue(event.data(), v -> v instanceof byte[])) {
          // A CBOR byte string in data is kept as byte[]: JSON writes it as base64 text, and
          // Event.equals compares arrays by identity, so there is no round trip to check.
          continue;
        }
        // CBOR carries NaN and infinities in data; JSON cannot, and writes them as the strings
        // "NaN", "Infinity", "-Infinity", as storage does (docs/ingest-storage.md): only CBOR
        // comes back equal
        boolean jsonLossy =
            anyValue(event.data(), v -> v instanceof Double d && !Double.isFinite(d));
        for (Format format : Format.values()) {
          if (format == Format.JSON && jsonLossy) {
            continue;
          }
          byte[] encoded = codec.encode(event, format);
          DecodeResult again = codec.decode(encoded);
          if (encoded.length > Limits.MAX_MESSAGE_BYTES) {
            // An envelope accepted near the limit in one format can be larger in the other (CBOR
            // writes long text in chunks): it is then too large, never something else.
            assertThat(again.rejections())
                .extracting(Decoded.Rejected::reason)
                .containsExactly(Reason.TOO_LARGE);
          } else {
            assertThat(again.events())
                .as("round trip of %s as %s", event, format)
                .containsExactly(event);
          }
        }
      }
    }
  }

  /** True when {@code value}, or any value nested in it, matches. */
  private static boolean anyValue(Object value, Predicate<Object> matches) {
    if (matches.test(value)) {
      return true;
    }
    if (value instanceof Map<?, ?> map) {
      return map.values().stream().anyMatch(v -> anyValue(v, matches));
    }
    if (value instanceof List<?> list) {
      return list.stream().anyMatch(v -> anyValue(v, matches));
    }
    return false;
  }

  private void topic(String name, byte[] payload) {
    Topic topic = Topics.parse(name);

    assertThat(topic).isNotNull();
    if (topic instanceof Topic.Invalid invalid) {
      assertThat(invalid.detail()).isNotBlank();
    } else if (topic instanceof Topic.EventTopic t) {
      assertThat(Topics.event(t.facility(), t.device())).isEqualTo(name);
      for (Event e : codec.decode(payload).events()) {
        Optional<TopicRules.Refusal> refusal = TopicRules.check(t, e, DIRECTORY);
        refusal.ifPresent(
            r -> {
              assertThat(r.reason()).isIn(TOPIC_REASONS);
              assertThat(r.detail()).isNotBlank();
            });
      }
    } else if (topic instanceof Topic.StatusTopic t) {
      assertThat(Topics.status(t.facility(), t.gateway())).isEqualTo(name);
    } else if (topic instanceof Topic.CommandTopic t) {
      assertThat(Topics.command(t.facility(), t.device())).isEqualTo(name);
    }
  }

  /** Every golden vector as a message, and on its device's topic and the batch topic. */
  static Stream<byte[]> seeds() throws IOException {
    List<byte[]> seeds = new ArrayList<>();
    for (byte[] message : goldenMessages()) {
      seeds.add(FuzzInput.builder().u8(FuzzTargets.selector(Target.CODEC)).rest(message));
      for (Event e : new EventCodec().decode(message).events()) {
        seeds.add(
            FuzzInput.builder()
                .u8(FuzzTargets.selector(Target.TOPIC))
                .text(Topics.event("sunrise-home", e.dev()))
                .rest(message));
      }
      seeds.add(
          FuzzInput.builder()
              .u8(FuzzTargets.selector(Target.TOPIC))
              .text(Topics.batch("sunrise-home"))
              .rest(message));
    }
    seeds.add(
        FuzzInput.builder()
            .u8(FuzzTargets.selector(Target.TOPIC))
            .text(Topics.status("sunrise-home", "gw-1"))
            .rest(new byte[0]));
    seeds.add(
        FuzzInput.builder()
            .u8(FuzzTargets.selector(Target.TOPIC))
            .text(Topics.command("sunrise-home", "pb-101"))
            .rest("{\"cmd\":\"reassure\"}".getBytes(StandardCharsets.UTF_8)));
    return seeds.stream();
  }

  private static List<byte[]> goldenMessages() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/golden/v1"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json") || n.endsWith(".hex"))
          .filter(n -> !n.equals("index.json"))
          .sorted()
          .map(GoldenVectorsTest::payload)
          .toList();
    }
  }
}
