package anxin.ingest.paho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.codec.EventCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IntakeLanesTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String BATCH = "anxin/v1/home-1/_batch/event";
  private static final String PENDANT = "anxin/v1/home-1/pendant-9/event";

  private final EventCodec codec = new EventCodec();
  private final List<String> taken = new ArrayList<>(); // worker thread, then read after it stops
  private final CountDownLatch firstTaken = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private IntakeLanes lanes;

  /** The pipeline: records what it takes, and holds the worker on the first message. */
  private CompletableFuture<?> pipeline(IntakeLanes.Message m) {
    synchronized (taken) {
      taken.add(new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8));
    }
    firstTaken.countDown();
    try {
      assertThat(release.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return CompletableFuture.completedFuture(m.topic());
  }

  @AfterEach
  void close() {
    release.countDown();
    if (lanes != null) {
      lanes.close();
    }
  }

  private IntakeLanes.Message message(String topic, String dev, long seq, EventType type) {
    return new IntakeLanes.Message(
        topic, codec.encodeJson(Event.of(dev, seq, type)), Instant.now(), System.nanoTime());
  }

  private List<String> takenTypes() {
    synchronized (taken) {
      return taken.stream().map(p -> p.replaceAll(".*\"type\":\"([a-z_]+)\".*", "$1")).toList();
    }
  }

  /**
   * Puts a first message in the pipeline and holds it there until {@code release}: on the worker,
   * or inline on the thread that offers it (its own here, so that the test's thread goes on).
   * Either way what the test offers next waits in the lanes.
   */
  private void holdTheWorker() throws InterruptedException {
    Thread paho = new Thread(() -> lanes.offer(message(BATCH, "motion-1", 0, EventType.MOTION)));
    paho.setDaemon(true);
    paho.start();
    assertThat(firstTaken.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  /** A pipeline that records each message's type and the thread that ran it, and never waits. */
  private final List<String> ranOn = new java.util.concurrent.CopyOnWriteArrayList<>();

  private CompletableFuture<?> recording(IntakeLanes.Message m) {
    String payload = new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8);
    ranOn.add(
        payload.replaceAll("(?s).*?\"type\":\"([a-z_]+)\".*", "$1")
            + "@"
            + Thread.currentThread().getName());
    return CompletableFuture.completedFuture(null);
  }

  @Test
  void idleLanes_aSmallMessageRunsOnTheOfferingThread_aBatchOnTheWorker() {
    lanes =
        new IntakeLanes(this::recording, () -> false, 1 << 20, "test-intake", System::nanoTime, 0);
    String me = Thread.currentThread().getName();

    CompletableFuture<Object> one = lanes.offer(message(PENDANT, "pendant-9", 1, EventType.PANIC));
    assertThat(one).isCompleted(); // ran before offer returned
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 40; i++) { // a gateway's batch: over the inline size
      batch.append(i == 0 ? "" : ",");
      batch.append(new String(codec.encodeJson(Event.of("motion-1", i, EventType.MOTION))));
    }
    byte[] big = batch.append("]").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(big.length).isGreaterThan(IntakeLanes.INLINE_MAX_BYTES);
    CompletableFuture<Object> many =
        lanes.offer(new IntakeLanes.Message(BATCH, big, Instant.now(), System.nanoTime()));

    await().atMost(WAIT).until(many::isDone);
    assertThat(ranOn).containsExactly("panic@" + me, "motion@test-intake");
    assertThat(lanes.inline()).isEqualTo(1);
  }

  @Test
  void aMessageRightBehindThePreviousOne_isFiled_andOneAfterAPause_runsInline() {
    java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(1L);
    lanes =
        new IntakeLanes(this::recording, () -> false, 1 << 20, "test-intake", clock::get, 50_000);
    String me = Thread.currentThread().getName();

    lanes.offer(message(PENDANT, "pendant-9", 1, EventType.HEARTBEAT)); // first: inline
    CompletableFuture<Object> next = // the clock did not move: Paho had it queued
        lanes.offer(message(PENDANT, "pendant-9", 2, EventType.MOTION));
    await().atMost(WAIT).until(next::isDone);
    clock.addAndGet(1_000_000); // a millisecond of quiet
    lanes.offer(message(PENDANT, "pendant-9", 3, EventType.PANIC));

    assertThat(ranOn).containsExactly("heartbeat@" + me, "motion@test-intake", "panic@" + me);
    assertThat(lanes.inline()).isEqualTo(2);
  }

  @Test
  void whileAMessageRunsInline_theWorkerWaits_thenTakesWhatCameInOrder() throws Exception {
    lanes =
        new IntakeLanes(this::pipeline, () -> false, 1 << 20, "test-intake", System::nanoTime, 0);
    holdTheWorker(); // quiet time 0 and idle lanes: inline on its own thread
    assertThat(lanes.inline()).isEqualTo(1);
    CompletableFuture<Object> second = lanes.offer(message(BATCH, "motion-1", 1, EventType.MOTION));
    CompletableFuture<Object> panic =
        lanes.offer(message(PENDANT, "pendant-9", 2, EventType.PANIC));
    assertThat(lanes.waiting()).isEqualTo(2); // filed, not run: one message at a time
    synchronized (taken) {
      assertThat(taken).hasSize(1);
    }

    release.countDown();
    await().atMost(WAIT).until(() -> second.isDone() && panic.isDone());
    assertThat(takenTypes()).containsExactly("motion", "panic", "motion");
  }

  @ParameterizedTest
  @EnumSource(
      value = EventType.class,
      names = {"PANIC", "FALL", "TAMPER"}) // every type that pages at once
  void anAlarmOnItsOwnTopic_goesAheadOfTelemetryAlreadyWaiting(EventType type) throws Exception {
    lanes = new IntakeLanes(this::pipeline, () -> false, 1 << 20, "test-intake");
    holdTheWorker();
    List<CompletableFuture<Object>> telemetry = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      telemetry.add(lanes.offer(message(BATCH, "motion-1", i, EventType.HEARTBEAT)));
    }
    CompletableFuture<Object> panic = lanes.offer(message(PENDANT, "pendant-9", 5, type));
    assertThat(lanes.waiting()).isEqualTo(101);

    release.countDown();
    await().atMost(WAIT).until(() -> panic.isDone() && telemetry.get(99).isDone());

    List<String> types = takenTypes();
    assertThat(types).hasSize(102);
    assertThat(types.get(1)).isEqualTo(type.wireName()); // right after the one the worker was on
    assertThat(types.subList(2, 102)).containsOnly("heartbeat");
    assertThat(panic.join()).isEqualTo(PENDANT); // completes as the pipeline's future did
    assertThat(lanes.prioritized()).isEqualTo(1);
    assertThat(lanes.waiting()).isZero();
  }

  @Test
  void aPanicTakesItsOwnTopicsEarlierMessagesAhead_inOrder() throws Exception {
    lanes = new IntakeLanes(this::pipeline, () -> false, 1 << 20, "test-intake");
    holdTheWorker();
    for (int i = 1; i <= 3; i++) {
      lanes.offer(message(BATCH, "motion-1", i, EventType.MOTION));
    }
    lanes.offer(message(PENDANT, "pendant-9", 1, EventType.HEARTBEAT));
    lanes.offer(message(PENDANT, "pendant-9", 2, EventType.BATTERY_LOW));
    CompletableFuture<Object> panic =
        lanes.offer(message(PENDANT, "pendant-9", 3, EventType.PANIC));
    assertThat(lanes.waiting()).isEqualTo(6);

    release.countDown();
    await().atMost(WAIT).until(() -> lanes.waiting() == 0 && panic.isDone());

    // The pendant's own earlier events go first, in their order, then its panic, then the rest:
    // the rule engine still sees the pendant's events in the order it sent them.
    assertThat(takenTypes())
        .containsExactly(
            "motion", "heartbeat", "battery_low", "panic", "motion", "motion", "motion");
    assertThat(lanes.prioritized()).isEqualTo(1);
  }

  @Test
  void atTheByteBudget_telemetryWaits_anAlarmIsStillTaken() throws Exception {
    byte[] size = message(BATCH, "motion-1", 1, EventType.HEARTBEAT).payload();
    lanes = new IntakeLanes(this::pipeline, () -> false, 3L * size.length, "test-intake");
    holdTheWorker();
    for (int i = 1; i <= 3; i++) {
      lanes.offer(message(BATCH, "motion-1", i, EventType.HEARTBEAT));
    }
    Thread paho = new Thread(() -> lanes.offer(message(BATCH, "motion-1", 4, EventType.HEARTBEAT)));
    paho.start();
    await().atMost(WAIT).until(() -> paho.getState() == Thread.State.WAITING);
    assertThat(lanes.waiting()).isEqualTo(3);

    CompletableFuture<Object> panic =
        lanes.offer(message(PENDANT, "pendant-9", 5, EventType.PANIC));
    assertThat(lanes.waiting()).isEqualTo(4);

    release.countDown();
    paho.join(WAIT.toMillis());
    assertThat(paho.isAlive()).isFalse();
    await().atMost(WAIT).until(() -> panic.isDone() && lanes.waiting() == 0);
    assertThat(takenTypes())
        .containsExactly("motion", "panic", "heartbeat", "heartbeat", "heartbeat", "heartbeat");
  }

  @Test
  void whileTheDatabaseBacklogIsFull_telemetryWaits_andAnAlarmIsStillTaken() {
    java.util.concurrent.atomic.AtomicBoolean full =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    lanes =
        new IntakeLanes(
            m -> {
              synchronized (taken) {
                taken.add(new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8));
              }
              return CompletableFuture.completedFuture(null);
            },
            full::get,
            1 << 20,
            "test-intake");
    CompletableFuture<Object> motion = lanes.offer(message(BATCH, "motion-1", 1, EventType.MOTION));
    CompletableFuture<Object> panic =
        lanes.offer(message(PENDANT, "pendant-9", 5, EventType.PANIC));

    await().atMost(WAIT).until(panic::isDone);
    assertThat(motion).isNotDone();
    assertThat(lanes.waiting()).isEqualTo(1);

    full.set(false);
    await().atMost(WAIT).until(motion::isDone);
    assertThat(takenTypes()).containsExactly("panic", "motion");
  }

  @Test
  void aPipelineThatThrows_failsThatMessageOnly() {
    lanes =
        new IntakeLanes(
            m -> {
              if (m.topic().equals(PENDANT)) {
                throw new IllegalStateException("boom");
              }
              return CompletableFuture.completedFuture(null);
            },
            () -> false,
            1 << 20,
            "test-intake");
    CompletableFuture<Object> bad = lanes.offer(message(PENDANT, "pendant-9", 1, EventType.MOTION));
    CompletableFuture<Object> good = lanes.offer(message(BATCH, "motion-1", 1, EventType.MOTION));

    await().atMost(WAIT).until(() -> bad.isDone() && good.isDone());
    assertThat(bad).isCompletedExceptionally();
    assertThat(good).isCompletedWithValue(null);
  }

  @Test
  void closing_failsWhatStillWaits_soItIsNeverAcknowledged() throws Exception {
    lanes = new IntakeLanes(this::pipeline, () -> false, 1 << 20, "test-intake");
    holdTheWorker();
    CompletableFuture<Object> waiting =
        lanes.offer(message(BATCH, "motion-1", 1, EventType.MOTION));

    release.countDown();
    lanes.close();

    await().atMost(WAIT).until(waiting::isDone);
    // Either the worker took it before it saw the close, or it was failed: never left hanging.
    assertThat(lanes.offer(message(BATCH, "motion-1", 2, EventType.MOTION)))
        .isCompletedExceptionally();
  }
}
