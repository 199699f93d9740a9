package anxin.alerting.escalation;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Set;

/**
 * When a staff member is on duty: a daily window of local time, on some days of the week.
 *
 * @param hours the local hours, e.g. {@code 22:00-07:00} (crossing midnight) ; never null
 * @param days the days a shift <em>starts</em> on (a Friday 22:00-07:00 shift covers Saturday
 *     03:00); empty for every day
 */
public record Shift(DailyWindow hours, Set<DayOfWeek> days) {

  public Shift {
    Objects.requireNonNull(hours, "hours");
    days = Set.copyOf(days);
  }

  /** A shift every day. */
  public static Shift daily(String hours) {
    return new Shift(DailyWindow.parse(hours), Set.of());
  }

  /** True when the instant, read in {@code zone}, falls in a shift. */
  public boolean covers(Instant at, ZoneId zone) {
    ZonedDateTime local = at.atZone(zone);
    if (!hours.contains(local.toLocalTime())) {
      return false;
    }
    if (days.isEmpty()) {
      return true;
    }
    boolean startedYesterday = hours.crossesMidnight() && local.toLocalTime().isBefore(hours.end());
    DayOfWeek startDay = startedYesterday ? local.getDayOfWeek().minus(1) : local.getDayOfWeek();
    return days.contains(startDay);
  }
}
