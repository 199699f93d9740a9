package anxin.ingest;

import anxin.ingest.coap.CoapFuzzTarget;
import anxin.ingest.http.HttpFuzzTarget;
import anxin.ingest.paho.AlarmBytesProbe;
import anxin.ingest.pipeline.InMemoryRig;
import anxin.protocol.Decoded;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.topic.Topic;
import anxin.protocol.topic.Topics;
import anxin.testing.FuzzInput;
import anxin.testing.FuzzTargets;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz targets of the ingest tier's input handlers (docs/reliability.md#fuzzing), run by Jazzer,
 * all over the real pipeline with an in-memory registry and writer ({@link InMemoryRig}):
 *
 * <ul>
 *   <li>{@code MQTT}: the subscriber's per-message path (topic parsed, then {@link
 *       anxin.ingest.pipeline.IngestPipeline#submit} on an event topic) for any topic and payload;
 *       the receipt completes and every rejection carries a reason and detail.
 *   <li>{@code HTTP}: {@code POST /api/v1/events} on a loopback Vert.x server ({@link
 *       HttpFuzzTarget}).
 *   <li>{@code COAP}: {@code POST /v1/events} in-process ({@link CoapFuzzTarget}).
 * </ul>
 */
class IngestFuzzTest {

  enum Target {
    MQTT,
    HTTP,
    COAP
  }

  private static final FuzzTargets<Target> TARGETS = new FuzzTargets<>(Target.class);
  private static final EventCodec CODEC = new EventCodec();

  private static InMemoryRig mqtt;
  private static HttpFuzzTarget http;
  private static CoapFuzzTarget coap;
  private static long nanos;

  @MethodSource("seeds")
  @DictionaryEntries({
    "{\"v\":1,",
    "\"dev\":\"pb-101\"",
    "\"seq\":",
    "\"type\":",
    "\"panic\"",
    "\"motion\"",
    "anxin/v1/sunrise-home/",
    "/event",
    "_batch",
    "pb-101",
    "mot-bath-03",
    "pb-9",
    "other-home",
    "Bearer ",
    InMemoryRig.TOKEN,
    "application/json",
    "application/cbor"
  })
  @FuzzTest(maxDuration = "10s")
  void fuzz(byte[] data) throws Exception {
    FuzzInput in = new FuzzInput(data);
    Target target = TARGETS.select(in);
    if (target == Target.MQTT) {
      mqtt(in.text(300), in.rest());
    } else if (target == Target.HTTP) {
      if (http == null) {
        http = new HttpFuzzTarget();
      }
      http.run(in);
    } else if (target == Target.COAP) {
      if (coap == null) {
        coap = new CoapFuzzTarget();
      }
      coap.run(in);
    }
  }

  @AfterAll
  static void close() throws Exception {
    System.out.print(TARGETS.report());
    if (http != null) {
      http.close();
    }
    if (coap != null) {
      coap.close();
    }
  }

  /**
   * As the MQTT intake: the lane scan ({@code AlarmBytes}) on any payload, then as {@code
   * MqttEventSubscriber.submit}: only event topics reach the pipeline.
   */
  private static void mqtt(String topicName, byte[] payload) {
    if (mqtt == null) {
      mqtt = new InMemoryRig();
    }
    laneScan(payload);
    Topic topic = Topics.parse(topicName);
    if (!(topic instanceof Topic.EventTopic et)) {
      return;
    }
    CompletableFuture<Receipt> receipt =
        mqtt.pipeline.submit(
            new Submission(
                Transport.MQTT, new Sender.OnTopic(et), payload, Instant.EPOCH, nanos += 1_000));
    if (!receipt.isDone()) {
      throw new AssertionError("receipt pending although every write is durable at once");
    }
    InMemoryRig.checkReceipt(receipt.join());
  }

  /**
   * The lane scan never throws, and sees every alarm of a JSON message without escapes (its
   * documented blind spots are escaped JSON and non-minimal CBOR lengths: no priority, no harm).
   */
  private static void laneScan(byte[] payload) {
    boolean seen = AlarmBytesProbe.mayCarryAlarm(payload);
    boolean plainJson =
        payload.length > 0
            && (payload[0] == '{' || payload[0] == '[')
            && new String(payload, StandardCharsets.ISO_8859_1).indexOf('\\') < 0;
    if (seen || !plainJson) {
      return;
    }
    for (Decoded item : CODEC.decode(payload).items()) {
      if (item instanceof Decoded.Accepted a && a.event().type().pagesAtOnce()) {
        throw new AssertionError("the lane scan missed a " + a.event().type() + " in plain JSON");
      }
    }
  }

  static Stream<byte[]> seeds() {
    Event panic = Event.of(InMemoryRig.PB.id(), 7, EventType.PANIC).withTs(1_000);
    Event motion = Event.of(InMemoryRig.PIR.id(), 8, EventType.MOTION);
    Event alien = Event.of(InMemoryRig.OTHER.id(), 9, EventType.FALL);
    List<byte[]> messages =
        List.of(
            CODEC.encodeJson(panic),
            CODEC.encodeCbor(panic),
            CODEC.encodeJson(List.of(panic, motion, alien)),
            CODEC.encodeCbor(List.of(motion, alien)));
    List<byte[]> seeds = new ArrayList<>();
    Map<String, String> topics =
        Map.of(
            "own", Topics.event("sunrise-home", "pb-101"),
            "batch", Topics.batch("sunrise-home"),
            "other", Topics.batch("other-home"));
    for (byte[] m : messages) {
      for (String t : topics.values()) {
        seeds.add(FuzzInput.builder().u8(Target.MQTT.ordinal()).text(t).rest(m));
      }
      for (int type = 0; type < 3; type++) {
        seeds.add(
            FuzzInput.builder()
                .u8(Target.HTTP.ordinal())
                .u8(0) // POST
                .u8(1) // the device's token
                .text("")
                .u8(type) // none, JSON, CBOR
                .text("")
                .u8(type) // length, chunked, 100-continue
                .u8(1)
                .rest(m));
      }
      for (int cf = 0; cf < 3; cf++) {
        seeds.add(
            FuzzInput.builder()
                .u8(Target.COAP.ordinal())
                .u8(cf)
                .u8(0)
                .u8(0)
                .u8(1) // confirmable
                .u8(cf == 2 ? 1 : 0) // PSK identity of the device, or plain CoAP
                .text("")
                .rest(m));
      }
    }
    return seeds.stream();
  }
}
