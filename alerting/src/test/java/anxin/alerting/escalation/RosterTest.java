package anxin.alerting.escalation;

import static anxin.alerting.escalation.EscalationHarness.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RosterTest {

  private final Roster roster = FakeDirectory.careHome();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "2026-03-10T06:59:59.999, night nsup",
    "2026-03-10T07:00:00, cg-a cg-b sup",
    "2026-03-10T18:59:59.999, cg-a cg-b sup",
    "2026-03-10T19:00:00, night nsup",
    "2026-03-10T23:59:59, night nsup",
    "2026-03-11T00:00:00, night nsup",
  })
  void onDuty_dayAndNightShiftsAcrossMidnight_switchAtTheirBoundaries(String local, String ids) {
    assertThat(roster.onDuty(at(local))).extracting(Staff::id).containsExactly(ids.split(" "));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "2026-03-13T22:00:00, true", // Friday night
    "2026-03-14T03:00:00, true", // Saturday early: Friday's shift
    "2026-03-13T03:00:00, false", // Friday early: Thursday's shift, not worked
    "2026-03-14T22:00:00, false", // Saturday night
    "2026-03-14T07:00:00, false", // end is exclusive
  })
  void shift_onSomeDays_coversTheMorningAfterItsStartDay(String local, boolean covered) {
    Shift fridayNights = new Shift(DailyWindow.parse("22:00-07:00"), Set.of(DayOfWeek.FRIDAY));

    assertThat(fridayNights.covers(at(local), FakeDirectory.SHANGHAI)).isEqualTo(covered);
  }

  @Test
  void zoneOf_unknownOrNullRoom_isNull() {
    assertThat(roster.zoneOf("r-101")).isEqualTo("A");
    assertThat(roster.zoneOf("r-999")).isNull();
    assertThat(roster.zoneOf(null)).isNull();
  }

  @Test
  void roster_sameStaffIdTwice_isRejectedNamingIt() {
    Staff a = roster.staff().get(0);

    assertThatThrownBy(() -> new Roster(FakeDirectory.SHANGHAI, List.of(a, a), Map.of()))
        .hasMessageContaining("cg-a");
  }

  @Test
  void dailyWindow_endAfter_isTheNextEndInLocalTimeAcrossDst() {
    ZoneId ny = ZoneId.of("America/New_York");
    DailyWindow quiet = DailyWindow.parse("22:00-07:00");
    // 2026-03-08 is the spring-forward night in New York: 23:00 EST is followed by 07:00 EDT.
    Instant late = LocalDateTime.parse("2026-03-07T23:00:00").atZone(ny).toInstant();

    assertThat(quiet.contains(late, ny)).isTrue();
    assertThat(quiet.endAfter(late, ny))
        .isEqualTo(LocalDateTime.parse("2026-03-08T07:00:00").atZone(ny).toInstant());
    assertThat(java.time.Duration.between(late, quiet.endAfter(late, ny)).toHours()).isEqualTo(7);
  }

  @Test
  void dailyWindow_parse_emptyAndBadValues() {
    assertThat(DailyWindow.parse("none").isEmpty()).isTrue();
    assertThat(DailyWindow.NEVER.contains(at("2026-03-10T03:00:00"), FakeDirectory.SHANGHAI))
        .isFalse();
    assertThatThrownBy(() -> DailyWindow.parse("22:00")).hasMessageContaining("22:00");
    assertThatThrownBy(() -> DailyWindow.parse("25:00-07:00")).hasMessageContaining("25:00-07:00");
  }
}
