package anxin.alerting.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalWindowsTest {

  private static final LocalTime NIGHT_START = LocalTime.of(22, 0);
  private static final LocalTime NIGHT_END = LocalTime.of(6, 0);

  private static long at(String local, String zone) {
    return LocalDateTime.parse(local).atZone(ZoneId.of(zone)).toInstant().toEpochMilli();
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "2026-03-10T21:59:59.999, Asia/Shanghai, false",
    "2026-03-10T22:00:00, Asia/Shanghai, true",
    "2026-03-10T23:59:59.999, Asia/Shanghai, true",
    "2026-03-11T00:00:00, Asia/Shanghai, true",
    "2026-03-11T05:59:59.999, Asia/Shanghai, true",
    "2026-03-11T06:00:00, Asia/Shanghai, false",
    "2026-03-11T12:00:00, Asia/Shanghai, false",
    "2026-03-08T03:30:00, America/New_York, true",
    "2026-11-01T01:30:00, America/New_York, true",
    "2026-11-01T06:00:00, America/New_York, false",
  })
  void within_nightAcrossMidnight_usesLocalWallClock(String local, String zone, boolean night) {
    assertThat(LocalWindows.within(at(local, zone), ZoneId.of(zone), NIGHT_START, NIGHT_END))
        .isEqualTo(night);
  }

  @ParameterizedTest(name = "from {0} -> due {1}")
  @CsvSource({
    "2026-03-10T08:00:00, 2026-03-10T20:00:00",
    "2026-03-10T10:00:00, 2026-03-10T22:00:00",
    "2026-03-10T10:00:00.001, 2026-03-11T07:00:00.001",
    "2026-03-10T22:00:00, 2026-03-11T19:00:00",
    "2026-03-10T03:00:00, 2026-03-10T19:00:00",
  })
  void dueAfterWindowTime_countsOnlyInsideTheDayWindow(String from, String due) {
    String zone = "Asia/Shanghai";
    long got =
        LocalWindows.dueAfterWindowTime(
            at(from, zone),
            12 * 3_600_000L,
            ZoneId.of(zone),
            LocalTime.of(7, 0),
            LocalTime.of(22, 0));

    assertThat(got).isEqualTo(at(due, zone));
  }

  @ParameterizedTest(name = "from {0} -> due {1}")
  @CsvSource({
    // 2026-03-08: clocks jump 02:00 -> 03:00; a 00:00-06:00 window holds 5 h that day
    "2026-03-08T00:00:00, 2026-03-09T01:00:00",
    // 2026-11-01: clocks fall back 02:00 -> 01:00; that window holds 7 h
    "2026-11-01T00:00:00, 2026-11-01T05:00:00",
  })
  void dueAfterWindowTime_dstDay_countsElapsedTime(String from, String due) {
    String zone = "America/New_York";
    long got =
        LocalWindows.dueAfterWindowTime(
            at(from, zone),
            6 * 3_600_000L,
            ZoneId.of(zone),
            LocalTime.of(0, 0),
            LocalTime.of(6, 0));

    assertThat(got).isEqualTo(at(due, zone));
  }
}
