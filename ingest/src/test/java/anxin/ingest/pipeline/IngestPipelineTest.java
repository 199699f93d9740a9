package anxin.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import anxin.ingest.Device;
import anxin.ingest.IngestedEvent;
import anxin.ingest.Outcome;
import anxin.ingest.Receipt;
import anxin.ingest.Sender;
import anxin.ingest.Submission;
import anxin.ingest.Transport;
import anxin.ingest.registry.InMemoryDeviceRegistry;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Reason;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.topic.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class IngestPipelineTest {

  private static final Device PB =
      new Device("pb-1", "home-a", "panic_button", "101", "r-1", Duration.ofMinutes(5));
  private static final Device PIR =
      new Device("pir-1", "home-a", "motion_sensor", "101", "r-1", Duration.ofMinutes(5));
  private static final Device OTHER =
      new Device("pb-9", "home-b", "panic_button", "9", "r-9", Duration.ofMinutes(5));

  private final InMemoryDeviceRegistry registry =
      new InMemoryDeviceRegistry().put(PB).put(PIR).put(OTHER);
  private final FakeEventWriter writer = new FakeEventWriter();
  private final List<IngestedEvent> handedOff = new ArrayList<>();
  private final EventCodec codec = new EventCodec();
  private IngestPipeline pipeline =
      new IngestPipeline(
          registry, writer, handedOff::add, IngestMetrics.NOOP, IngestPipeline.Settings.DEFAULTS);
  private long nanos = 1_000_000_000L;

  private Submission mqtt(String facility, String device, byte[] payload) {
    return new Submission(
        Transport.MQTT,
        new Sender.OnTopic(new Topic.EventTopic(facility, device)),
        payload,
        Instant.EPOCH,
        nanos);
  }

  private Submission coap(Sender sender, byte[] payload) {
    return new Submission(Transport.COAP, sender, payload, Instant.EPOCH, nanos);
  }

  private static Event panic(long seq) {
    return Event.of("pb-1", seq, EventType.PANIC).withTs(1_000 + seq);
  }

  private static Outcome.Status status(CompletableFuture<Receipt> r) {
    return r.join().outcomes().get(0).status();
  }

  @Test
  void submit_newEvent_handedOffBeforeWriteCompletes_receiptWhenDurable() {
    CompletableFuture<Receipt> r =
        pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(panic(1))));

    assertThat(handedOff).extracting(e -> e.event().seq()).containsExactly(1L);
    assertThat(r).isNotDone();
    writer.commitAll();
    assertThat(status(r)).isEqualTo(Outcome.Status.ACCEPTED);
  }

  @Test
  void submit_duplicateWhileFirstPending_notHandedOffAgain_completesWithTheFirst() {
    CompletableFuture<Receipt> first =
        pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(panic(1))));
    CompletableFuture<Receipt> again =
        pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(panic(1))));

    assertThat(handedOff).hasSize(1);
    assertThat(writer.written).hasSize(1);
    assertThat(again).isNotDone();
    writer.commitAll();
    assertThat(status(first)).isEqualTo(Outcome.Status.ACCEPTED);
    assertThat(status(again)).isEqualTo(Outcome.Status.DUPLICATE);
  }

  @Test
  void submit_receiptWaitsForItsOwnLastWrite_notForLaterOnes_thenItsEventsAreDurable() {
    CompletableFuture<Receipt> first =
        pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(List.of(panic(1), panic(2)))));
    CompletableFuture<Receipt> second =
        pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(panic(3))));

    writer.commitUpTo(1);
    assertThat(first).isNotDone();
    writer.commitUpTo(2);

    assertThat(first.join().outcomes())
        .extracting(Outcome::status)
        .containsExactly(Outcome.Status.ACCEPTED, Outcome.Status.ACCEPTED);
    assertThat(second).isNotDone();
    CompletableFuture<Receipt> redelivered =
        pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(panic(2))));
    assertThat(status(redelivered)).isEqualTo(Outcome.Status.DUPLICATE); // durable: at once
  }

  @Test
  void submit_writerStoppedBeforeTheCommit_receiptFails_whatWasCommittedStands() {
    CompletableFuture<Receipt> first =
        pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(panic(1))));
    writer.commitAll();
    CompletableFuture<Receipt> second =
        pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(panic(2))));

    writer.fail(new IllegalStateException("event writer closed before the event was committed"));

    assertThat(status(first)).isEqualTo(Outcome.Status.ACCEPTED);
    assertThat(second).isCompletedExceptionally();
    assertThatThrownBy(second::join)
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("event writer closed before the event was committed");
    CompletableFuture<Receipt> retried =
        pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(panic(2))));
    assertThat(retried).isCompletedExceptionally(); // waits on the same write, failed too
  }

  @Test
  void submit_duplicateAfterDurable_isDuplicateAtOnce() {
    pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(panic(1))));
    writer.commitAll();

    CompletableFuture<Receipt> again =
        pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(panic(1))));

    assertThat(status(again)).isEqualTo(Outcome.Status.DUPLICATE);
    assertThat(handedOff).hasSize(1);
  }

  @Test
  void submit_sameSeqOtherDeviceTime_isANewEvent() {
    pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(panic(1))));
    pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(panic(1).withTs(99_999))));

    assertThat(handedOff).hasSize(2);
  }

  @Test
  void preload_keyDurableInDatabase_redeliveryIsDuplicate() {
    pipeline.preload("pb-1", 1, 1_001L);

    assertThat(status(pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(panic(1))))))
        .isEqualTo(Outcome.Status.DUPLICATE);
    assertThat(handedOff).isEmpty();
  }

  @Test
  void submit_topicRules_unknownDeviceFacilityMismatchUnauthorized() {
    Event ghost = Event.of("ghost", 1, EventType.PANIC);
    Event foreign = Event.of("pb-9", 1, EventType.PANIC);

    assertThat(reason(pipeline.submit(mqtt("home-a", "_batch", codec.encodeJson(ghost)))))
        .isEqualTo(Reason.UNKNOWN_DEVICE);
    assertThat(reason(pipeline.submit(mqtt("home-a", "_batch", codec.encodeJson(foreign)))))
        .isEqualTo(Reason.FACILITY_MISMATCH);
    assertThat(reason(pipeline.submit(mqtt("home-a", "pir-1", codec.encodeJson(panic(1))))))
        .isEqualTo(Reason.UNAUTHORIZED);
    assertThat(handedOff).isEmpty();
  }

  @Test
  void submit_authenticatedDeviceSendingAnothersEvent_unauthorized() {
    CompletableFuture<Receipt> r =
        pipeline.submit(coap(new Sender.AuthenticatedDevice(PIR), codec.encodeJson(panic(1))));

    assertThat(reason(r)).isEqualTo(Reason.UNAUTHORIZED);
  }

  @Test
  void submit_unauthenticatedKnownDevice_accepted_unknownRejected() {
    pipeline.submit(coap(new Sender.Unauthenticated(), codec.encodeJson(panic(1))));
    CompletableFuture<Receipt> ghost =
        pipeline.submit(
            coap(
                new Sender.Unauthenticated(),
                codec.encodeJson(Event.of("ghost", 1, EventType.PANIC))));

    assertThat(handedOff).hasSize(1);
    assertThat(reason(ghost)).isEqualTo(Reason.UNKNOWN_DEVICE);
  }

  @Test
  void submit_stuckSensorOverRateLimit_rateLimited_butNothingThatPagesAtOnceIs() {
    pipeline =
        new IngestPipeline(
            registry,
            writer,
            handedOff::add,
            IngestMetrics.NOOP,
            new IngestPipeline.Settings(64, 1, 3, 1000));
    List<Reason> motion = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Event m = Event.of("pir-1", i, EventType.MOTION);
      motion.add(reason(pipeline.submit(mqtt("home-a", "pir-1", codec.encodeJson(m)))));
    }
    for (int i = 0; i < 5; i++) {
      pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(panic(i))));
    }
    List<Reason> tamper = new ArrayList<>();
    for (int i = 10; i < 15; i++) { // the limited sensor prised open: a P2 that pages at once
      Event t = Event.of("pir-1", i, EventType.TAMPER);
      tamper.add(reason(pipeline.submit(mqtt("home-a", "pir-1", codec.encodeJson(t)))));
    }
    nanos += 1_000_000_000L; // a second later, one more token
    Event later = Event.of("pir-1", 5, EventType.MOTION);
    Reason afterRefill = reason(pipeline.submit(mqtt("home-a", "pir-1", codec.encodeJson(later))));

    assertThat(motion).containsExactly(null, null, null, Reason.RATE_LIMITED, Reason.RATE_LIMITED);
    assertThat(handedOff).filteredOn(e -> e.event().type() == EventType.PANIC).hasSize(5);
    assertThat(tamper).containsOnlyNulls().hasSize(5);
    assertThat(afterRefill).isNull();
  }

  @Test
  void submit_backlogSpacedOnTheDeviceClock_notRateLimited_butSameMomentFloodIs() {
    pipeline =
        new IngestPipeline(
            registry,
            writer,
            handedOff::add,
            IngestMetrics.NOOP,
            new IngestPipeline.Settings(64, 1, 3, 1000));
    long t0 = 1_790_000_000_000L;
    List<Reason> backlog = new ArrayList<>();
    for (int i = 0; i < 10; i++) { // a gateway's journal: one a second on the sensor's clock
      Event m = new Event("pir-1", i, EventType.MOTION, t0 + i * 1000L, null, null, Map.of());
      backlog.add(reason(pipeline.submit(mqtt("home-a", "pir-1", codec.encodeJson(m)))));
    }
    List<Reason> flood = new ArrayList<>();
    for (int i = 10; i < 15; i++) { // a firmware loop: all within one millisecond
      Event m = new Event("pir-1", i, EventType.MOTION, t0 + 10_000L, null, null, Map.of());
      flood.add(reason(pipeline.submit(mqtt("home-a", "pir-1", codec.encodeJson(m)))));
    }

    assertThat(backlog).containsOnlyNulls();
    assertThat(flood) // the bucket (burst 3) holds 2 after the backlog, plus the flood's 1 s
        .containsExactly(null, null, null, Reason.RATE_LIMITED, Reason.RATE_LIMITED);
  }

  @Test
  void submit_backlogFull_coapRoutineIsBusy_alarmStillTaken_mqttNeverBusy() {
    writer.backlog = IngestPipeline.Settings.DEFAULTS.maxBacklog();
    Event motion = Event.of("pir-1", 1, EventType.MOTION);

    CompletableFuture<Receipt> routine =
        pipeline.submit(coap(new Sender.AuthenticatedDevice(PIR), codec.encodeJson(motion)));
    pipeline.submit(coap(new Sender.AuthenticatedDevice(PB), codec.encodeJson(panic(1))));
    pipeline.submit(
        mqtt("home-a", "pir-1", codec.encodeJson(Event.of("pir-1", 2, EventType.MOTION))));

    assertThat(status(routine)).isEqualTo(Outcome.Status.BUSY);
    assertThat(routine.join().retry()).isTrue();
    assertThat(handedOff).extracting(e -> e.event().seq()).containsExactly(1L, 2L);
    assertThat(handedOff.get(0).event().type()).isEqualTo(EventType.PANIC);
  }

  @Test
  void submit_batchWithBadElements_outcomesInOrder_goodOnesTaken() {
    String batch =
        "["
            + new String(codec.encodeJson(panic(1)), StandardCharsets.UTF_8)
            + ",{\"v\":1,\"dev\":\"pb-1\",\"seq\":2,\"type\":\"nope\"},"
            + new String(
                codec.encodeJson(Event.of("pb-9", 1, EventType.PANIC)), StandardCharsets.UTF_8)
            + "]";

    CompletableFuture<Receipt> r =
        pipeline.submit(mqtt("home-a", "_batch", batch.getBytes(StandardCharsets.UTF_8)));
    writer.commitAll();

    assertThat(r.join().outcomes())
        .extracting(Outcome::index, Outcome::status, Outcome::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, Outcome.Status.ACCEPTED, null),
            org.assertj.core.groups.Tuple.tuple(1, Outcome.Status.REJECTED, Reason.UNKNOWN_TYPE),
            org.assertj.core.groups.Tuple.tuple(
                2, Outcome.Status.REJECTED, Reason.FACILITY_MISMATCH));
    assertThat(r.join().anyStored()).isTrue();
  }

  @Test
  void submit_garbage_wholeMessageRejectedMalformed() {
    CompletableFuture<Receipt> r =
        pipeline.submit(mqtt("home-a", "pb-1", new byte[] {(byte) 0xff, 1, 2}));

    assertThat(r.join().outcomes())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.index()).isEqualTo(-1);
              assertThat(o.reason()).isEqualTo(Reason.MALFORMED);
            });
    assertThat(r.join().firstRejection()).isPresent();
  }

  @Test
  void submit_handoffThrows_eventStillWritten() {
    pipeline =
        new IngestPipeline(
            registry,
            writer,
            e -> {
              throw new IllegalStateException("alerting down");
            },
            IngestMetrics.NOOP,
            IngestPipeline.Settings.DEFAULTS);

    CompletableFuture<Receipt> r =
        pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(panic(1))));
    writer.commitAll();

    assertThat(writer.written).hasSize(1);
    assertThat(status(r)).isEqualTo(Outcome.Status.ACCEPTED);
  }

  /** Counts what the pipeline reports, by status and by reason. */
  private static final class Counted implements IngestMetrics {
    final Map<Outcome.Status, Integer> events = new java.util.EnumMap<>(Outcome.Status.class);
    final Map<Reason, Integer> rejected = new java.util.EnumMap<>(Reason.class);

    @Override
    public void event(Transport transport, EventType type, Outcome.Status status) {
      events.merge(status, 1, Integer::sum);
    }

    @Override
    public void rejected(Transport transport, Reason reason) {
      rejected.merge(reason, 1, Integer::sum);
    }

    @Override
    public void handoffLatency(Transport transport, long nanos) {}

    @Override
    public void durableLatency(Transport transport, long nanos) {}
  }

  /** Replaces the pipeline with one reporting to a {@link Counted}, which it returns. */
  private Counted countedPipeline() {
    Counted counted = new Counted();
    pipeline =
        new IngestPipeline(
            registry, writer, handedOff::add, counted, IngestPipeline.Settings.DEFAULTS);
    return counted;
  }

  @Test
  void takeAlarmsEarly_takesOnlyTheAlarm_fullCopyHandsOffTheRest_eachCountedOnce() {
    Counted counted = countedPipeline();
    Event beat = Event.of("pir-1", 7, EventType.HEARTBEAT).withTs(900);
    byte[] batch = codec.encodeJson(List.of(beat, panic(1)));

    assertThat(pipeline.takeAlarmsEarly(mqtt("home-a", "_batch", batch))).isEqualTo(1);
    assertThat(handedOff).extracting(e -> e.event().type()).containsExactly(EventType.PANIC);
    assertThat(writer.written).hasSize(1);
    assertThat(counted.events).isEmpty(); // the full copy counts

    CompletableFuture<Receipt> full = pipeline.submit(mqtt("home-a", "_batch", batch));
    assertThat(handedOff)
        .extracting(e -> e.event().type())
        .containsExactly(EventType.PANIC, EventType.HEARTBEAT);
    assertThat(writer.written).hasSize(2); // the panic is not written twice
    assertThat(full).isNotDone(); // acknowledged only once the early write is durable too
    writer.commitAll();
    assertThat(full.join().outcomes())
        .extracting(Outcome::status)
        .containsExactly(Outcome.Status.ACCEPTED, Outcome.Status.ACCEPTED);
    assertThat(counted.events).isEqualTo(Map.of(Outcome.Status.ACCEPTED, 2));

    // A redelivery after that is a duplicate, as without the early copy.
    assertThat(status(pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(panic(1))))))
        .isEqualTo(Outcome.Status.DUPLICATE);
    assertThat(handedOff).hasSize(2);
  }

  @Test
  void takeAlarmsEarly_takesATamperToo_butNotTheTelemetryBesideIt() {
    countedPipeline();
    Event beat = Event.of("pir-1", 7, EventType.HEARTBEAT).withTs(900);
    Event tamper = Event.of("pir-1", 8, EventType.TAMPER).withTs(901);
    byte[] batch = codec.encodeJson(List.of(beat, tamper));

    assertThat(pipeline.takeAlarmsEarly(mqtt("home-a", "_batch", batch))).isEqualTo(1);
    assertThat(handedOff).extracting(e -> e.event().type()).containsExactly(EventType.TAMPER);

    pipeline.submit(mqtt("home-a", "_batch", batch));
    assertThat(handedOff)
        .extracting(e -> e.event().type())
        .containsExactly(EventType.TAMPER, EventType.HEARTBEAT);
    assertThat(writer.written).hasSize(2);
  }

  @Test
  void takeAlarmsEarly_fullCopyFirst_earlyCopyTakesNothing() {
    CompletableFuture<Receipt> full =
        pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(panic(1))));

    assertThat(pipeline.takeAlarmsEarly(mqtt("home-a", "pb-1", codec.encodeJson(panic(1)))))
        .isZero();
    writer.commitAll();
    assertThat(status(full)).isEqualTo(Outcome.Status.ACCEPTED);
    assertThat(handedOff).hasSize(1);
    assertThat(writer.written).hasSize(1);
  }

  @Test
  void takeAlarmsEarly_refusedOrGarbage_takesNothingAndCountsNothing_fullCopyCountsIt() {
    Counted counted = countedPipeline();
    byte[] spoofed = codec.encodeJson(Event.of("pb-9", 1, EventType.PANIC)); // home-b's device
    byte[] garbage = "{\"type\":\"panic\"".getBytes(StandardCharsets.UTF_8);

    assertThat(pipeline.takeAlarmsEarly(mqtt("home-a", "_batch", spoofed))).isZero();
    assertThat(pipeline.takeAlarmsEarly(mqtt("home-a", "_batch", garbage))).isZero();
    assertThat(counted.events).isEmpty();
    assertThat(counted.rejected).isEmpty();

    assertThat(reason(pipeline.submit(mqtt("home-a", "_batch", spoofed))))
        .isEqualTo(Reason.FACILITY_MISMATCH);
    assertThat(reason(pipeline.submit(mqtt("home-a", "_batch", garbage))))
        .isEqualTo(Reason.MALFORMED);
    assertThat(counted.rejected)
        .isEqualTo(Map.of(Reason.FACILITY_MISMATCH, 1, Reason.MALFORMED, 1));
    assertThat(handedOff).isEmpty();
    assertThat(writer.written).isEmpty();
  }

  @Test
  void takeAlarmsEarly_fullCopyAfterTheWindowForgotTheKey_notHandedOffAgain() {
    pipeline =
        new IngestPipeline(
            registry,
            writer,
            handedOff::add,
            IngestMetrics.NOOP,
            new IngestPipeline.Settings(2, 20, 200, 100_000));
    pipeline.takeAlarmsEarly(mqtt("home-a", "pb-1", codec.encodeJson(panic(1))));
    writer.commitAll();
    for (long seq = 2; seq <= 4; seq++) { // the window keeps two keys per device
      pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(panic(seq))));
      writer.commitAll();
    }

    CompletableFuture<Receipt> full =
        pipeline.submit(mqtt("home-a", "pb-1", codec.encodeJson(panic(1))));

    assertThat(status(full)).isEqualTo(Outcome.Status.ACCEPTED);
    assertThat(handedOff).extracting(e -> e.event().seq()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(writer.written).hasSize(4);
  }

  private static Reason reason(CompletableFuture<Receipt> r) {
    return r.getNow(null) == null ? null : r.join().outcomes().get(0).reason();
  }
}
