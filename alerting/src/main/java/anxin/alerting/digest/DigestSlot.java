package anxin.alerting.digest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * One facility's digest for one local day: the date it is due on and the period it covers, from the
 * previous day's digest time to this day's. That is 24 h, or 23 h or 25 h on a day the clocks
 * change, so that every alert is in exactly one digest.
 *
 * @param date the local date the digest is due on; with the facility id, its identity
 * @param from start of the period, inclusive: the digest time of the day before
 * @param until end of the period, exclusive: the digest time of {@code date}, when it is due
 */
public record DigestSlot(LocalDate date, Instant from, Instant until) {

  public DigestSlot {
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    if (!from.isBefore(until)) {
      throw new IllegalArgumentException("digest period is empty: " + from + " to " + until);
    }
  }

  /**
   * The latest digest due at or before {@code now}: today's (local date in {@code zone}) once its
   * time has passed, else yesterday's. A local time that does not exist on a day (a spring-forward
   * gap) is read as the same time after the gap, as {@link ZonedDateTime#of} does.
   *
   * @param at the facility's digest time
   * @param zone the facility's time zone
   */
  public static DigestSlot latest(LocalTime at, ZoneId zone, Instant now) {
    LocalDate date = LocalDate.ofInstant(now, zone);
    Instant due = at(date, at, zone);
    if (due.isAfter(now)) {
      date = date.minusDays(1);
      due = at(date, at, zone);
    }
    return new DigestSlot(date, at(date.minusDays(1), at, zone), due);
  }

  private static Instant at(LocalDate date, LocalTime time, ZoneId zone) {
    return ZonedDateTime.of(date, time, zone).toInstant();
  }
}
