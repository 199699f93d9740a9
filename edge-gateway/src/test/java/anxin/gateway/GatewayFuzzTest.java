package anxin.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.gateway.journal.JournalFuzzTarget;
import anxin.gateway.local.Admission;
import anxin.gateway.local.coap.LocalCoapFuzzTarget;
import anxin.gateway.zigbee.Z2mFuzzTarget;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.topic.Topics;
import anxin.testing.FuzzInput;
import anxin.testing.FuzzTargets;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz targets of the edge gateway (docs/reliability.md#fuzzing), run by Jazzer:
 *
 * <ul>
 *   <li>{@code JOURNAL}: start-up on a damaged segment ({@link JournalFuzzTarget}).
 *   <li>{@code Z2M}: the Zigbee2MQTT JSON mapping ({@link Z2mFuzzTarget}).
 *   <li>{@code LAN_MQTT}: the LAN broker adapter's admission of a topic and payload ({@link
 *       Admission#onTopic}, what {@code MqttAdapter} runs per message): every rejection carries a
 *       reason and a detail, and only the facility's devices get through.
 *   <li>{@code LOCAL_COAP}: the local CoAP resource in-process ({@link LocalCoapFuzzTarget}).
 * </ul>
 */
class GatewayFuzzTest {

  enum Target {
    JOURNAL,
    Z2M,
    LAN_MQTT,
    LOCAL_COAP
  }

  private static final FuzzTargets<Target> TARGETS = new FuzzTargets<>(Target.class);
  private static final Set<String> DEVICES = Set.of("pb-101", "mot-bath-03");
  private static final Admission ADMISSION =
      new Admission("sunrise-home", DEVICES, AdapterMetrics.NOOP);

  private static JournalFuzzTarget journal;
  private static Z2mFuzzTarget z2m;
  private static LocalCoapFuzzTarget coap;

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
    "{\"action\":\"single\"",
    "\"contact\":false",
    "\"occupancy\":true",
    "\"battery\":",
    "\"fall\":\"fall_detected\"",
    "zigbee2mqtt/"
  })
  @FuzzTest(maxDuration = "10s")
  void fuzz(byte[] data) throws Exception {
    FuzzInput in = new FuzzInput(data);
    Target target = TARGETS.select(in);
    if (target == null) {
      return;
    }
    switch (target) {
      case JOURNAL -> journal().run(in);
      case Z2M -> {
        if (z2m == null) {
          z2m = new Z2mFuzzTarget();
        }
        z2m.run(in);
      }
      case LAN_MQTT -> lanMqtt(in.text(300), in.rest());
      case LOCAL_COAP -> {
        if (coap == null) {
          coap = new LocalCoapFuzzTarget(ADMISSION);
        }
        coap.run(in);
      }
    }
  }

  @AfterAll
  static void close() throws Exception {
    System.out.print(TARGETS.report());
    if (journal != null) {
      journal.close();
    }
  }

  private static JournalFuzzTarget journal() throws Exception {
    if (journal == null) {
      journal = new JournalFuzzTarget();
    }
    return journal;
  }

  private static void lanMqtt(String topic, byte[] payload) {
    Admission.Result r = ADMISSION.onTopic(Source.MQTT, topic, payload);

    for (Admission.Rejection rejection : r.rejections()) {
      assertThat(rejection.reason()).isNotNull();
      assertThat(rejection.detail()).isNotBlank();
    }
    for (Event e : r.events()) {
      assertThat(e.dev()).isIn(DEVICES);
    }
  }

  static Stream<byte[]> seeds() {
    EventCodec codec = new EventCodec();
    Event panic = Event.of("pb-101", 7, EventType.PANIC).withTs(1_000);
    Event motion = Event.of("mot-bath-03", 8, EventType.MOTION);
    Event alien = Event.of("pb-9", 9, EventType.FALL);
    List<byte[]> messages =
        List.of(
            codec.encodeJson(panic),
            codec.encodeCbor(panic),
            codec.encodeJson(List.of(panic, motion, alien)),
            codec.encodeCbor(List.of(motion, alien)));
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(FuzzInput.builder().u8(Target.JOURNAL.ordinal()).u8(0).u8(0).rest(new byte[0]));
    seeds.add(
        FuzzInput.builder()
            .u8(Target.JOURNAL.ordinal())
            .u8(1) // one flip
            .u8(0)
            .u8(200)
            .u8(7)
            .u8(1) // and a cut
            .u8(1)
            .u8(0)
            .rest(new byte[16]));
    for (String z :
        List.of(
            "{\"battery\":100,\"contact\":false,\"linkquality\":120,\"voltage\":3025}",
            "{\"action\":\"single\",\"battery\":91,\"linkquality\":87}",
            "{\"action\":\"double\",\"battery\":12}",
            "{\"occupancy\":true,\"battery\":80}",
            "{\"fall\":\"fall_detected\",\"presence\":true}")) {
      for (int name = 0; name < 5; name++) {
        seeds.add(
            FuzzInput.builder()
                .u8(Target.Z2M.ordinal())
                .u8(name)
                .text("")
                .rest(z.getBytes(StandardCharsets.UTF_8)));
      }
    }
    for (byte[] m : messages) {
      for (String t :
          List.of(
              Topics.event("sunrise-home", "pb-101"),
              Topics.batch("sunrise-home"),
              Topics.batch("other-home"))) {
        seeds.add(FuzzInput.builder().u8(Target.LAN_MQTT.ordinal()).text(t).rest(m));
      }
      for (int cf = 0; cf < 3; cf++) {
        seeds.add(
            FuzzInput.builder().u8(Target.LOCAL_COAP.ordinal()).u8(cf).u8(0).u8(0).u8(1).rest(m));
      }
    }
    return seeds.stream();
  }
}
