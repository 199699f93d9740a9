package anxin.gateway.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fallback's decisions, with a fake clock, a fake uplink state and recording actions. */
class LocalFallbackTest {

  private static final Instant T0 = Instant.parse("2026-01-10T03:00:00Z");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);
  private final AtomicBoolean linkUp = new AtomicBoolean(true);
  private final RecordingActions actions = new RecordingActions();
  private AlarmLog log;
  private LocalFallback fallback;

  @BeforeEach
  void setUp() throws IOException {
    log = AlarmLog.open(dir.resolve("local-alarms.jsonl"));
    fallback = new LocalFallback(FallbackConfig.DEFAULT, clock, linkUp::get, log, actions);
    fallback.tick(); // the link is seen up at T0
  }

  @AfterEach
  void tearDown() throws IOException {
    log.close();
  }

  private static Event panic(long seq) {
    return Event.of("pb-1", seq, EventType.PANIC);
  }

  @Test
  void panic_linkUp_isNotRaisedLocally() {
    fallback.onStored(List.of(panic(1)));
    assertThat(actions.raised).isEmpty();
  }

  @Test
  void panic_linkDownLongerThan15s_isRaisedAtOnce_withHowLongItWasDown() {
    linkUp.set(false);
    clock.advance(Duration.ofSeconds(16));

    fallback.onStored(List.of(panic(1), Event.of("door-1", 4, EventType.DOOR_OPEN)));

    assertThat(actions.raised).hasSize(1);
    LocalAlarm a = actions.raised.get(0);
    assertThat(a.event()).isEqualTo(panic(1));
    assertThat(a.raisedAt()).isEqualTo(T0.plusSeconds(16));
    assertThat(a.uplinkDownMillis()).isEqualTo(16_000);
  }

  @Test
  void fall_linkDownBriefly_waits_thenRaisedWhenTheOutageReaches15s() {
    linkUp.set(false);
    clock.advance(Duration.ofSeconds(5));
    Event fall = Event.of("fd-2", 9, EventType.FALL);

    fallback.onStored(List.of(fall));
    assertThat(actions.raised).isEmpty();
    clock.advance(Duration.ofSeconds(9));
    fallback.tick();
    assertThat(actions.raised).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    fallback.tick();

    assertThat(actions.raised).extracting(LocalAlarm::event).containsExactly(fall);
  }

  @Test
  void waitingAlarm_linkBackBefore15s_isLeftToTheUplink() {
    linkUp.set(false);
    clock.advance(Duration.ofSeconds(5));
    fallback.onStored(List.of(panic(1)));
    linkUp.set(true);
    clock.advance(Duration.ofSeconds(1));
    fallback.tick();
    linkUp.set(false);
    clock.advance(Duration.ofSeconds(14));
    fallback.tick();

    assertThat(actions.raised).isEmpty(); // down only 14 s since it was last seen up
  }

  @Test
  void sameDeviceAndSeqTwice_isRaisedOnce_otherSeqAgain() {
    linkUp.set(false);
    clock.advance(Duration.ofSeconds(20));

    fallback.onStored(List.of(panic(1)));
    fallback.onStored(List.of(panic(1)));
    fallback.onStored(List.of(panic(2)));

    assertThat(actions.raised).extracting(a -> a.event().seq()).containsExactly(1L, 2L);
  }

  @Test
  void linkNeverUp_countsAsDownFromStart() throws IOException {
    linkUp.set(false);
    LocalFallback fresh =
        new LocalFallback(FallbackConfig.DEFAULT, clock, linkUp::get, log, actions);
    clock.advance(Duration.ofSeconds(15));

    fresh.onStored(List.of(panic(3)));

    assertThat(actions.raised).hasSize(1);
  }

  @Test
  void raisedAlarm_isRecordedWithOutcome_andOfferedForTheStatus() {
    linkUp.set(false);
    clock.advance(Duration.ofSeconds(30));

    fallback.onStored(List.of(panic(7)));

    assertThat(log.total()).isEqualTo(1);
    assertThat(log.snapshot().jsonMembers())
        .isEqualTo(
            "\"local_alarms\":[{\"dev\":\"pb-1\",\"seq\":7,\"type\":\"panic\","
                + "\"raised_at\":"
                + T0.plusSeconds(30).toEpochMilli()
                + ",\"uplink_down_ms\":30000,\"command\":\"ok\",\"webhook\":\"ok\"}]");
  }
}
