package anxin.protocol.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Limits;
import anxin.protocol.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SimulatorTest {

  private static final LocalDate NIGHT = LocalDate.of(2026, 11, 28);
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  private static List<Event> runNight() throws InterruptedException {
    RecordingSink sink = new RecordingSink();
    Simulator.run(
        Plan.of(Scenarios.bundled(Scenarios.NIGHT_40_BEDS), NIGHT), sink, Pacer.virtual());
    return sink.events();
  }

  private static LocalTime local(Event e) {
    return Instant.ofEpochMilli(e.ts()).atZone(SHANGHAI).toLocalTime();
  }

  @Test
  void night40Beds_virtualPacer_runsWholeNightAndEveryEventIsValid() throws InterruptedException {
    List<Event> events = runNight();

    // 40 rooms x 4 devices + 2 doors, a heartbeat every 5 min for 8 h
    assertThat(events.stream().filter(e -> e.type() == EventType.HEARTBEAT)).hasSize(162 * 96);
    EventCodec codec = new EventCodec();
    for (Event e : events) {
      assertThat(codec.decode(codec.encodeJson(e)).events()).containsExactly(e);
    }
  }

  @Test
  void night40Beds_incidentsHappenAtTheirLocalTimes() throws InterruptedException {
    List<Event> events = runNight();

    Event fall = find(events, "fuyuan-r012-fall", EventType.FALL);
    assertThat(local(fall)).isEqualTo(LocalTime.of(2, 13));
    assertThat(fall.confidence()).hasValue(0.94);
    assertThat(events)
        .noneMatch(e -> e.dev().equals("fuyuan-r012-fall") && e.type() == EventType.FALL_CANCEL);

    Event cancelled = find(events, "fuyuan-r005-fall", EventType.FALL);
    Event cancel = find(events, "fuyuan-r005-fall", EventType.FALL_CANCEL);
    assertThat(cancel.ts() - cancelled.ts()).isEqualTo(12_000);

    Event exit = find(events, "fuyuan-door-main", EventType.DOOR_OPEN);
    assertThat(local(exit)).isEqualTo(LocalTime.of(3, 40));
    assertThat(exit.door()).hasValue("main");
    assertThat(find(events, "fuyuan-door-main", EventType.DOOR_CLOSE).ts() - exit.ts())
        .isEqualTo(240_000);

    Event low = find(events, "fuyuan-r021-pb", EventType.BATTERY_LOW);
    assertThat(local(low)).isEqualTo(LocalTime.of(23, 20));
    assertThat(low.bat()).isEqualTo(14);
    assertThat(events.stream().filter(e -> e.type() == EventType.BATTERY_LOW)).hasSize(1);

    assertThat(local(find(events, "fuyuan-r033-pb", EventType.PANIC)))
        .isEqualTo(LocalTime.of(4, 55));
  }

  @Test
  void night40Beds_seqIsContiguousPerDeviceAndWraps() throws InterruptedException {
    List<Event> events = runNight();

    Map<String, Long> last = new HashMap<>();
    boolean wrapped = false;
    for (Event e : events) {
      Long prev = last.put(e.dev(), e.seq());
      if (prev != null) {
        assertThat(e.seq()).as("seq after %d on %s", prev, e.dev()).isEqualTo(Event.nextSeq(prev));
        wrapped |= prev == Limits.MAX_SEQ;
      }
    }
    assertThat(wrapped).as("some device wrapped from 2^32-1 to 0").isTrue();
  }

  @Test
  void sameScenarioAndNight_sameEvents() throws InterruptedException {
    assertThat(runNight()).isEqualTo(runNight());
  }

  @Test
  void events_areInTimeOrder() throws InterruptedException {
    List<Long> ts =
        runNight().stream().map(Event::ts).collect(Collectors.toCollection(ArrayList::new));
    assertThat(ts).isSorted();
  }

  @Test
  void parse_badScenario_reportsEveryProblemAtOnce() {
    String json =
        """
        {"facility": "Bad Facility", "start": "25:00", "heartbeat": "5 minutes",
         "incidents": [{"at": "2:13", "kind": "explode"}]}
        """;
    assertThatThrownBy(() -> Scenarios.parse(json.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("start: not a time of day")
        .hasMessageContaining("heartbeat: not an ISO-8601 duration")
        .hasMessageContaining("incidents[0].kind: unknown incident kind \"explode\"")
        .hasMessageContaining("incidents[0].at: not a time of day");
  }

  private static Event find(List<Event> events, String dev, EventType type) {
    return events.stream()
        .filter(e -> e.dev().equals(dev) && e.type() == type)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " from " + dev));
  }
}
