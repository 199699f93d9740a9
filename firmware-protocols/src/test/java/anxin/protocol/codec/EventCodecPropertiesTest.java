package anxin.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.protocol.DecodeResult;
import anxin.protocol.Decoded;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Format;
import anxin.protocol.Ids;
import anxin.protocol.Limits;
import anxin.protocol.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link EventCodec}: encoding then decoding is the identity for every valid event
 * and batch, and no input (random bytes, JSON- and CBOR-shaped noise, mutated golden vectors) makes
 * {@code decode} throw, hang or break the shape of its result.
 *
 * <p>Each property runs a fixed number of tries on inputs drawn from a {@link Random} seeded per
 * run. A failure names the seed and the try; {@code -Danxin.properties.seed=<seed>} replays the
 * same inputs.
 */
class EventCodecPropertiesTest {

  private static final long SEED =
      Long.getLong("anxin.properties.seed", new SecureRandom().nextLong());

  /** Bound on one decode; far above the few milliseconds a 70 KiB message takes. */
  private static final long DECODE_BOUND_MILLIS = 5_000;

  private static final int MAX_FUZZ_BYTES = 70 * 1024;

  private static final Set<Reason> DECODER_REASONS =
      EnumSet.of(
          Reason.MALFORMED, Reason.UNSUPPORTED_VERSION, Reason.UNKNOWN_TYPE, Reason.TOO_LARGE);

  private static final String DEVICE_FIRST =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String DEVICE_REST = DEVICE_FIRST + "_.-";

  private static List<byte[]> golden;

  private final EventCodec codec = new EventCodec();
  private ExecutorService worker = newWorker();

  @AfterEach
  void stopWorker() {
    worker.shutdownNow();
  }

  // ---------------------------------------------------------------- round trips

  @Test
  void encodeThenDecode_anyValidEventAsJson_givesTheSameEvent() {
    forAll(
        "json round trip",
        1_000,
        this::anyEvent,
        Event::toString,
        e -> assertRoundTrip(e, Format.JSON));
  }

  @Test
  void encodeThenDecode_anyValidEventAsCbor_givesTheSameEvent() {
    forAll(
        "cbor round trip",
        1_000,
        this::anyEvent,
        Event::toString,
        e -> assertRoundTrip(e, Format.CBOR));
  }

  @Test
  void encodeThenDecode_anyBatch_givesTheSameEventsInOrder() {
    forAll(
        "batch round trip",
        400,
        r -> {
          List<Event> batch = new ArrayList<>();
          int n = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(16);
          for (int i = 0; i < n; i++) {
            batch.add(anyEvent(r));
          }
          return batch;
        },
        List::toString,
        batch -> {
          for (Format format : Format.values()) {
            byte[] message = codec.encode(batch, format);
            DecodeResult result = decodeBounded(message);

            assertThat(result.batch()).as("%s batch", format).isTrue();
            assertThat(result.rejections()).as("%s rejections", format).isEmpty();
            assertThat(result.events()).as("%s events", format).isEqualTo(batch);
            assertWellFormed(message, result);
          }
        });
  }

  @Test
  void decode_anyIntegerSeq_acceptedExactlyWhenIn0To2Pow32Minus1() {
    forAll(
        "seq range",
        500,
        r ->
            switch (r.nextInt(6)) {
              case 0 -> Limits.MAX_SEQ + r.nextInt(3) - 1; // 2^32-2 .. 2^32
              case 1 -> (long) r.nextInt(3) - 1; // -1 .. 1
              case 2 -> r.nextLong();
              default -> r.nextLong() & Limits.MAX_SEQ;
            },
        seq -> Long.toString(seq),
        seq -> {
          String json = "{\"v\":1,\"dev\":\"pb-0001\",\"seq\":" + seq + ",\"type\":\"panic\"}";
          boolean inRange = seq >= 0 && seq <= Limits.MAX_SEQ;
          for (byte[] message : List.of(json.getBytes(StandardCharsets.UTF_8), cborOfJson(json))) {
            DecodeResult result = decodeBounded(message);
            if (inRange) {
              assertThat(result.events()).extracting(Event::seq).containsExactly(seq);
            } else {
              assertThat(result.rejections()).hasSize(1);
              assertThat(result.rejections().get(0).reason()).isEqualTo(Reason.MALFORMED);
              assertThat(result.rejections().get(0).detail()).startsWith("seq:");
            }
          }
        });
  }

  // ---------------------------------------------------------------- hostile input

  @Test
  void decode_arbitraryBytes_returnsAWellFormedResult() {
    forAll(
        "arbitrary bytes",
        3_000,
        this::arbitraryBytes,
        EventCodecPropertiesTest::show,
        this::assertDecodesSafely);
  }

  @Test
  void decode_jsonShapedNoise_returnsAWellFormedResult() {
    forAll(
        "json noise",
        3_000,
        this::jsonNoise,
        EventCodecPropertiesTest::show,
        this::assertDecodesSafely);
  }

  @Test
  void decode_cborShapedNoise_returnsAWellFormedResult() {
    forAll(
        "cbor noise",
        3_000,
        this::cborNoise,
        EventCodecPropertiesTest::show,
        this::assertDecodesSafely);
  }

  @Test
  void decode_mutatedGoldenVectorsAndEncodings_returnsAWellFormedResult() {
    forAll(
        "mutations",
        6_000,
        this::mutated,
        EventCodecPropertiesTest::show,
        this::assertDecodesSafely);
  }

  @Test
  void decode_messageOverTheLimit_isExactlyOneTooLarge() {
    forAll(
        "over the limit",
        60,
        r -> {
          byte[] m =
              new byte
                  [Limits.MAX_MESSAGE_BYTES
                      + 1
                      + r.nextInt(MAX_FUZZ_BYTES - Limits.MAX_MESSAGE_BYTES)];
          byte[] valid = codec.encode(anyEvent(r), r.nextBoolean() ? Format.JSON : Format.CBOR);
          System.arraycopy(valid, 0, m, 0, valid.length);
          return m;
        },
        EventCodecPropertiesTest::show,
        m -> {
          DecodeResult result = decodeBounded(m);

          assertThat(result.items())
              .singleElement()
              .isInstanceOfSatisfying(
                  Decoded.Rejected.class,
                  x -> {
                    assertThat(x.reason()).isEqualTo(Reason.TOO_LARGE);
                    assertThat(x.index()).isEqualTo(Decoded.WHOLE_MESSAGE);
                  });
        });
  }

  // ---------------------------------------------------------------- checks

  private void assertRoundTrip(Event event, Format format) {
    byte[] message = codec.encode(event, format);
    DecodeResult result = decodeBounded(message);

    assertThat(result.batch()).isFalse();
    assertThat(result.items()).singleElement().isEqualTo(new Decoded.Accepted(0, event));
    assertWellFormed(message, result);
  }

  private void assertDecodesSafely(byte[] message) {
    assertWellFormed(message, decodeBounded(message));
  }

  /**
   * The shape every result has: each item is accepted or rejected with a reason and a detail;
   * either one whole-message rejection or one item per envelope with indexes 0, 1, 2...; over 64
   * KiB exactly one {@code too_large}; and what is accepted satisfies the contract.
   */
  private void assertWellFormed(byte[] message, DecodeResult result) {
    assertThat(result).isNotNull();
    List<Decoded> items = result.items();
    assertThat(items).doesNotContainNull();
    for (Decoded item : items) {
      assertThat(item).isInstanceOfAny(Decoded.Accepted.class, Decoded.Rejected.class);
      if (item instanceof Decoded.Rejected r) {
        assertThat(r.reason()).isIn(DECODER_REASONS);
        assertThat(r.detail()).isNotBlank();
        if (r.dev() != null) {
          assertThat(Ids.isDeviceId(r.dev())).as("rejection dev %s", r.dev()).isTrue();
        }
        if (r.seq() != null) {
          assertThat(r.seq()).isBetween(0L, Limits.MAX_SEQ);
        }
      } else {
        assertAcceptable(message, ((Decoded.Accepted) item).event());
      }
    }

    if (message.length > Limits.MAX_MESSAGE_BYTES) {
      assertThat(items).hasSize(1);
      assertThat(items.get(0).index()).isEqualTo(Decoded.WHOLE_MESSAGE);
      assertThat(((Decoded.Rejected) items.get(0)).reason()).isEqualTo(Reason.TOO_LARGE);
      return;
    }
    assertThat(result.rejections())
        .extracting(Decoded.Rejected::reason)
        .doesNotContain(Reason.TOO_LARGE);
    if (result.wholeMessageRejected()) {
      assertThat(items.get(0)).isInstanceOf(Decoded.Rejected.class);
      assertThat(result.batch()).isFalse();
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      assertThat(items.get(i).index()).as("index of item %d", i).isEqualTo(i);
    }
    if (!result.batch()) {
      assertThat(items).hasSize(1);
    }
  }

  /** An accepted event is one the contract allows, and it survives being sent on as JSON. */
  private void assertAcceptable(byte[] message, Event e) {
    assertThat(Ids.isDeviceId(e.dev())).as("dev %s", e.dev()).isTrue();
    assertThat(e.seq()).isBetween(0L, Limits.MAX_SEQ);
    assertThat(e.type()).isNotNull();
    if (e.bat() != null) {
      assertThat(e.bat()).isBetween(Limits.MIN_BATTERY, Limits.MAX_BATTERY);
    }
    if (e.type() == EventType.FALL && e.data().containsKey(Event.DATA_CONFIDENCE)) {
      assertThat(e.confidence()).isPresent();
      assertThat(e.confidence().getAsDouble()).isBetween(0.0, 1.0);
    }
    if ((e.type() == EventType.DOOR_OPEN || e.type() == EventType.DOOR_CLOSE)
        && e.data().containsKey(Event.DATA_DOOR)) {
      assertThat(e.data().get(Event.DATA_DOOR)).isInstanceOf(String.class);
    }
    if (message.length <= 16 * 1024) {
      // Base64 of CBOR byte strings grows by a third; small messages stay far from the limit.
      assertThat(decodeBounded(codec.encodeJson(e)).events()).as("re-encoded as JSON").hasSize(1);
    }
  }

  // ---------------------------------------------------------------- the harness

  private <T> void forAll(
      String property,
      int tries,
      Function<Random, T> generator,
      Function<T, String> show,
      Consumer<T> check) {
    Random random = new Random(SEED ^ property.hashCode());
    for (int i = 1; i <= tries; i++) {
      T input = generator.apply(random);
      try {
        check.accept(input);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            String.format(
                "property \"%s\" failed on try %d of %d (replay: -Danxin.properties.seed=%d)%n"
                    + "input: %s",
                property, i, tries, SEED, show.apply(input)),
            e);
      }
    }
  }

  /** Decodes on a worker thread and fails when decode throws or does not return in time. */
  private DecodeResult decodeBounded(byte[] message) {
    Future<DecodeResult> future = worker.submit(() -> codec.decode(message));
    try {
      return future.get(DECODE_BOUND_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      worker.shutdownNow();
      worker = newWorker();
      throw new AssertionError("decode did not return within " + DECODE_BOUND_MILLIS + " ms");
    } catch (ExecutionException e) {
      throw new AssertionError("decode threw " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(
        task -> {
          Thread t = new Thread(task, "decode-under-test");
          t.setDaemon(true);
          return t;
        });
  }

  private static String show(byte[] message) {
    byte[] head = Arrays.copyOf(message, Math.min(message.length, 160));
    return message.length
        + " bytes: "
        + HexFormat.ofDelimiter(" ").formatHex(head)
        + (message.length > head.length ? " …" : "");
  }

  // ---------------------------------------------------------------- valid events

  private Event anyEvent(Random r) {
    EventType type = EventType.values()[r.nextInt(EventType.values().length)];
    Map<String, Object> data = r.nextInt(3) == 0 ? Map.of() : anyMap(r, 0);
    if (type == EventType.FALL || type == EventType.DOOR_OPEN || type == EventType.DOOR_CLOSE) {
      data = new LinkedHashMap<>(data);
      data.remove(Event.DATA_CONFIDENCE);
      data.remove(Event.DATA_DOOR);
      if (type == EventType.FALL && r.nextBoolean()) {
        data.put(Event.DATA_CONFIDENCE, anyConfidence(r));
      } else if (type != EventType.FALL && r.nextBoolean()) {
        data.put(Event.DATA_DOOR, anyString(r));
      }
    } else if (r.nextInt(10) == 0) {
      // Known keys are only checked on their own types: anything goes elsewhere.
      data = new LinkedHashMap<>(data);
      data.put(r.nextBoolean() ? Event.DATA_CONFIDENCE : Event.DATA_DOOR, anyValue(r, 2));
    }
    return new Event(
        anyDeviceId(r),
        anySeq(r),
        type,
        r.nextInt(3) == 0 ? null : anyTimestamp(r),
        r.nextInt(3) == 0 ? null : anyBattery(r),
        r.nextInt(3) == 0 ? null : anyRssi(r),
        data);
  }

  private static String anyDeviceId(Random r) {
    int length =
        switch (r.nextInt(10)) {
          case 0 -> 1;
          case 1 -> 64;
          default -> 1 + r.nextInt(64);
        };
    StringBuilder b = new StringBuilder(length);
    b.append(DEVICE_FIRST.charAt(r.nextInt(DEVICE_FIRST.length())));
    for (int i = 1; i < length; i++) {
      b.append(DEVICE_REST.charAt(r.nextInt(DEVICE_REST.length())));
    }
    return b.toString();
  }

  private static long anySeq(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> 0;
      case 1 -> Limits.MAX_SEQ;
      case 2 -> Limits.MAX_SEQ - 1;
      case 3 -> r.nextInt(1000);
      default -> r.nextLong() & Limits.MAX_SEQ;
    };
  }

  private static long anyTimestamp(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> 0;
      case 1 -> Long.MAX_VALUE;
      case 2 -> Long.MIN_VALUE;
      case 3 -> r.nextLong();
      default -> 1_767_225_600_000L + r.nextInt(Integer.MAX_VALUE);
    };
  }

  private static int anyBattery(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> Limits.MIN_BATTERY;
      case 1 -> Limits.MAX_BATTERY;
      default -> r.nextInt(Limits.MAX_BATTERY + 1);
    };
  }

  private static int anyRssi(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> Integer.MIN_VALUE;
      case 1 -> Integer.MAX_VALUE;
      case 2 -> r.nextInt();
      default -> -r.nextInt(130);
    };
  }

  private static Object anyConfidence(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> 0L;
      case 1 -> 1L;
      case 2 -> r.nextBoolean() ? 0.0 : 1.0;
      default -> r.nextDouble();
    };
  }

  private static Map<String, Object> anyMap(Random r, int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      map.put(anyString(r), anyValue(r, depth + 1));
    }
    return map;
  }

  /** One of the normalized value types of {@link Event#data()}; containers up to depth 3. */
  private static Object anyValue(Random r, int depth) {
    int kinds = depth >= 3 ? 5 : 7;
    return switch (r.nextInt(kinds)) {
      case 0 -> anyString(r);
      case 1 -> r.nextBoolean();
      case 2 -> anyLong(r);
      case 3 -> anyDouble(r);
      case 4 -> null;
      case 5 -> {
        List<Object> list = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          list.add(anyValue(r, depth + 1));
        }
        yield list;
      }
      default -> anyMap(r, depth);
    };
  }

  private static long anyLong(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> Long.MIN_VALUE;
      case 1 -> Long.MAX_VALUE;
      case 2 -> r.nextLong();
      default -> r.nextInt(2001) - 1000;
    };
  }

  private static double anyDouble(Random r) {
    double d =
        switch (r.nextInt(6)) {
          case 0 -> -0.0;
          case 1 -> Double.MIN_VALUE;
          case 2 -> Double.MAX_VALUE;
          case 3 -> r.nextInt(100) / 4.0;
          case 4 -> r.nextGaussian() * 1e6;
          default -> Double.longBitsToDouble(r.nextLong());
        };
    return Double.isFinite(d) ? d : 0.5; // JSON has no NaN or infinities
  }

  /** Text from ASCII (control characters too), Latin, CJK and emoji; never a lone surrogate. */
  private static String anyString(Random r) {
    int n = r.nextInt(12);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int cp =
          switch (r.nextInt(6)) {
            case 0 -> r.nextInt(0x20);
            case 1 -> 0xa0 + r.nextInt(0x200);
            case 2 -> 0x4e00 + r.nextInt(0x5000);
            case 3 -> 0x1f300 + r.nextInt(0x300);
            default -> 0x20 + r.nextInt(0x5f);
          };
      b.appendCodePoint(cp);
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- hostile input

  private byte[] arbitraryBytes(Random r) {
    int length =
        switch (r.nextInt(20)) {
          case 0 ->
              Limits.MAX_MESSAGE_BYTES + 1 + r.nextInt(MAX_FUZZ_BYTES - Limits.MAX_MESSAGE_BYTES);
          case 1, 2 -> 2048 + r.nextInt(Limits.MAX_MESSAGE_BYTES - 2048 + 1);
          case 3, 4, 5, 6, 7 -> 65 + r.nextInt(2048);
          default -> r.nextInt(65);
        };
    byte[] m = new byte[length];
    if (r.nextInt(10) == 0) {
      Arrays.fill(m, (byte) r.nextInt(256)); // e.g. 81 81 81 ... or [[[[ ...
    } else {
      r.nextBytes(m);
    }
    if (length > 0) {
      m[0] =
          switch (r.nextInt(10)) {
            case 0, 1, 2 -> (byte) '{';
            case 3, 4 -> (byte) '[';
            case 5, 6, 7, 8 -> (byte) (r.nextInt(8) << 5 | r.nextInt(32)); // any CBOR major type
            default -> m[0];
          };
    }
    return m;
  }

  private static final String[] JSON_TOKENS = {
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    ",",
    ":",
    "\"v\"",
    "\"dev\"",
    "\"seq\"",
    "\"type\"",
    "\"ts\"",
    "\"bat\"",
    "\"rssi\"",
    "\"data\"",
    "\"conf\"",
    "\"door\"",
    "1",
    "0",
    "-1",
    "-0",
    "4294967295",
    "4294967296",
    "1.0",
    "0.5",
    "1e400",
    "-1e-400",
    "99999999999999999999999",
    "true",
    "false",
    "null",
    "\"panic\"",
    "\"fall\"",
    "\"door_open\"",
    "\"pb-0001\"",
    "\"\"",
    " ",
    "\n",
    "\"",
    "\\",
    "\"\\u00e9\\n\"",
    "\"é\"",
    "x",
    "\u0000"
  };

  private byte[] jsonNoise(Random r) {
    StringBuilder b = new StringBuilder(r.nextBoolean() ? "{" : "[");
    if (r.nextInt(4) == 0) {
      b.append("{\"v\":1,\"dev\":\"pb-0001\",\"seq\":1,\"type\":\"panic\"");
    }
    int n = r.nextInt(200);
    for (int i = 0; i < n; i++) {
      b.append(JSON_TOKENS[r.nextInt(JSON_TOKENS.length)]);
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static final String[] CBOR_KEYS = {
    "v", "dev", "seq", "type", "ts", "bat", "rssi", "data", "conf", "door"
  };

  private byte[] cborNoise(Random r) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(r.nextBoolean() ? 0xa0 | r.nextInt(8) : r.nextBoolean() ? 0xbf : 0x80 | r.nextInt(8));
    int n = r.nextInt(120);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(8)) {
        case 0, 1 -> {
          byte[] key = CBOR_KEYS[r.nextInt(CBOR_KEYS.length)].getBytes(StandardCharsets.UTF_8);
          out.write(0x60 | key.length);
          out.writeBytes(key);
        }
        case 2 -> out.write(0x01);
        case 3 -> {
          int major = r.nextInt(8);
          int ai = r.nextInt(10) == 0 ? 24 + r.nextInt(8) : r.nextInt(24);
          out.write(major << 5 | ai);
          if (ai >= 24 && ai <= 27) {
            byte[] arg = new byte[1 << (ai - 24)];
            r.nextBytes(arg);
            out.writeBytes(arg);
          } else if ((major == 2 || major == 3) && ai < 24) {
            byte[] content = new byte[ai];
            r.nextBytes(content);
            out.writeBytes(content);
          }
        }
        case 4 -> out.write(0xf9 + r.nextInt(3)); // a float head, maybe short of its bytes
        case 5 -> out.write(0xff); // break
        case 6 -> out.write(0xe0 + r.nextInt(24)); // simple values, false, true, null, undefined
        default -> out.write(r.nextInt(256));
      }
    }
    return out.toByteArray();
  }

  private byte[] mutated(Random r) {
    byte[] m;
    if (r.nextInt(4) == 0) {
      Format format = r.nextBoolean() ? Format.JSON : Format.CBOR;
      m =
          r.nextBoolean()
              ? codec.encode(anyEvent(r), format)
              : codec.encode(List.of(anyEvent(r), anyEvent(r), anyEvent(r)), format);
    } else {
      List<byte[]> vectors = golden();
      m = vectors.get(r.nextInt(vectors.size()));
    }
    int mutations = 1 + r.nextInt(4);
    for (int i = 0; i < mutations; i++) {
      m = mutateOnce(r, m);
    }
    return m;
  }

  private static final int[] INTERESTING = {
    0x00, 0x01, 0x17, 0x18, 0x1a, 0x1b, 0x1f, 0x20, 0x3b, 0x5f, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc3,
    0xd9, 0xf5, 0xf6, 0xf7, 0xf9, 0xfb, 0xff, '{', '[', '"', ':', ',', '\\', '0', '-'
  };

  private byte[] mutateOnce(Random r, byte[] m) {
    if (m.length == 0) {
      return new byte[] {(byte) INTERESTING[r.nextInt(INTERESTING.length)]};
    }
    int at = r.nextInt(m.length);
    switch (r.nextInt(7)) {
      case 0 -> { // flip one bit
        byte[] c = m.clone();
        c[at] ^= (byte) (1 << r.nextInt(8));
        return c;
      }
      case 1 -> { // set an interesting byte
        byte[] c = m.clone();
        c[at] = (byte) INTERESTING[r.nextInt(INTERESTING.length)];
        return c;
      }
      case 2 -> { // truncate
        return Arrays.copyOf(m, at);
      }
      case 3 -> { // insert random bytes
        byte[] ins = new byte[1 + r.nextInt(8)];
        r.nextBytes(ins);
        return concat(Arrays.copyOf(m, at), ins, Arrays.copyOfRange(m, at, m.length));
      }
      case 4 -> { // delete a range
        int end = Math.min(m.length, at + 1 + r.nextInt(16));
        return concat(Arrays.copyOf(m, at), Arrays.copyOfRange(m, end, m.length));
      }
      case 5 -> { // duplicate a range in place
        int end = Math.min(m.length, at + 1 + r.nextInt(32));
        return concat(Arrays.copyOf(m, end), Arrays.copyOfRange(m, at, m.length));
      }
      default -> { // splice: this one's head with another vector's tail
        List<byte[]> vectors = golden();
        byte[] other = vectors.get(r.nextInt(vectors.size()));
        return concat(
            Arrays.copyOf(m, at),
            Arrays.copyOfRange(other, r.nextInt(other.length + 1), other.length));
      }
    }
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** The payloads of every golden vector file. */
  private static synchronized List<byte[]> golden() {
    if (golden == null) {
      Path dir = GoldenVectorsTest.dir();
      try (Stream<Path> files = Files.list(dir)) {
        golden =
            files
                .map(p -> p.getFileName().toString())
                .filter(name -> name.endsWith(".json") || name.endsWith(".hex"))
                .filter(name -> !name.equals("index.json"))
                .sorted()
                .map(GoldenVectorsTest::payload)
                .toList();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      assertThat(golden).as("golden vectors in %s", dir).hasSizeGreaterThan(50);
    }
    return golden;
  }

  /** The CBOR twin of a flat JSON envelope with integer and string values. */
  private static byte[] cborOfJson(String json) {
    try {
      com.fasterxml.jackson.databind.ObjectMapper cbor =
          new com.fasterxml.jackson.databind.ObjectMapper(
              new com.fasterxml.jackson.dataformat.cbor.CBORFactory());
      return cbor.writeValueAsBytes(
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
