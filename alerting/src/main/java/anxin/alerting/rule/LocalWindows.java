package anxin.alerting.rule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/** Local-time arithmetic of the rules: windows across midnight, local days, inactivity due. */
final class LocalWindows {

  private static final long DAY_MILLIS = 86_400_000L;

  private LocalWindows() {}

  /** Milliseconds since local midnight of the instant in the zone (wall-clock time). */
  static long localMillisOfDay(long epochMillis, ZoneId zone) {
    return Math.floorMod(epochMillis + offsetMillis(epochMillis, zone), DAY_MILLIS);
  }

  /** The local date of the instant in the zone, as an epoch day. */
  static long epochDay(long epochMillis, ZoneId zone) {
    return Math.floorDiv(epochMillis + offsetMillis(epochMillis, zone), DAY_MILLIS);
  }

  /**
   * True when the instant's local time is in {@code [start, end)}; when {@code end} is before
   * {@code start} the window crosses midnight ({@code 22:00–06:00} holds 23:00 and 05:59:59.999,
   * not 06:00).
   */
  static boolean within(long epochMillis, ZoneId zone, LocalTime start, LocalTime end) {
    long t = localMillisOfDay(epochMillis, zone);
    long s = start.toNanoOfDay() / 1_000_000;
    long e = end.toNanoOfDay() / 1_000_000;
    return s < e ? t >= s && t < e : t >= s || t < e;
  }

  /**
   * The instant at which {@code needMillis} of time inside the daily window {@code [start, end)}
   * (start before end) has passed since {@code fromMillis}. Time outside the window does not count:
   * with 07:00–22:00 and 12 h, quiet from 08:00 is due at 20:00 the same day, quiet from 21:00 is
   * due at 18:00 the next day (1 h + 11 h). The window is measured in elapsed time, so a DST day's
   * window may be an hour shorter or longer. Cost: one step per local day crossed.
   */
  static long dueAfterWindowTime(
      long fromMillis, long needMillis, ZoneId zone, LocalTime start, LocalTime end) {
    LocalDate day = Instant.ofEpochMilli(fromMillis).atZone(zone).toLocalDate();
    long remaining = needMillis;
    while (true) {
      long windowStart = day.atTime(start).atZone(zone).toInstant().toEpochMilli();
      long windowEnd = day.atTime(end).atZone(zone).toInstant().toEpochMilli();
      long from = Math.max(windowStart, fromMillis);
      if (from < windowEnd) {
        long span = windowEnd - from;
        if (remaining <= span) {
          return from + remaining;
        }
        remaining -= span;
      }
      day = day.plusDays(1);
    }
  }

  private static long offsetMillis(long epochMillis, ZoneId zone) {
    return zone.getRules().getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds() * 1000L;
  }
}
