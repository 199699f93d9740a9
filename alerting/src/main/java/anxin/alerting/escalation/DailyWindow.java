package anxin.alerting.escalation;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A window of local wall-clock time that repeats every day, {@code [start, end)}: a shift, a family
 * contact's quiet hours, the night. When {@code end} is before {@code start} the window crosses
 * midnight ({@code 22:00-07:00}); when they are equal it is empty ({@link #NEVER}).
 *
 * @param start first local time inside, never null
 * @param end first local time outside after {@code start}, never null
 */
public record DailyWindow(LocalTime start, LocalTime end) {

  /** The empty window: nothing is ever inside. */
  public static final DailyWindow NEVER = new DailyWindow(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

  public DailyWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
  }

  /**
   * Reads {@code HH:mm-HH:mm}, or {@code none} for {@link #NEVER}.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public static DailyWindow parse(String text) {
    String s = text.trim();
    if (s.equals("none")) {
      return NEVER;
    }
    int dash = s.indexOf('-');
    try {
      if (dash > 0) {
        return new DailyWindow(
            LocalTime.parse(s.substring(0, dash).trim()),
            LocalTime.parse(s.substring(dash + 1).trim()));
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new IllegalArgumentException("not a daily window HH:mm-HH:mm or none: " + text);
  }

  /** True when nothing is ever inside. */
  public boolean isEmpty() {
    return start.equals(end);
  }

  /** True when the window crosses midnight. */
  public boolean crossesMidnight() {
    return end.isBefore(start);
  }

  /** True when the local time is inside. */
  public boolean contains(LocalTime t) {
    if (crossesMidnight()) {
      return !t.isBefore(start) || t.isBefore(end);
    }
    return !t.isBefore(start) && t.isBefore(end);
  }

  /** True when the instant, read in {@code zone}, is inside. */
  public boolean contains(Instant at, ZoneId zone) {
    return contains(at.atZone(zone).toLocalTime());
  }

  /**
   * The end of the window that {@code at} is inside: the next {@code end} wall-clock time after
   * {@code at} in {@code zone} (in a DST gap, the instant the clock jumps to). Only meaningful when
   * {@link #contains(Instant, ZoneId)}.
   */
  public Instant endAfter(Instant at, ZoneId zone) {
    ZonedDateTime local = at.atZone(zone);
    ZonedDateTime end = local.with(this.end);
    if (!end.isAfter(local)) {
      end = local.toLocalDate().plusDays(1).atTime(this.end).atZone(zone);
    }
    return end.toInstant();
  }

  @Override
  public String toString() {
    return isEmpty() ? "none" : start + "-" + end;
  }
}
