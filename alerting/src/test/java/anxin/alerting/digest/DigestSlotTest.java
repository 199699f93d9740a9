package anxin.alerting.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestSlotTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final LocalTime EIGHT = LocalTime.of(8, 0);

  @Test
  void latest_atTheDigestTime_isTodaysCoveringTheDayBefore() {
    Instant eightInShanghai = Instant.parse("2026-11-29T00:00:00Z");

    DigestSlot s = DigestSlot.latest(EIGHT, SHANGHAI, eightInShanghai);

    assertThat(s.date()).isEqualTo(LocalDate.of(2026, 11, 29));
    assertThat(s.from()).isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
    assertThat(s.until()).isEqualTo(eightInShanghai);
  }

  @Test
  void latest_aMinuteBeforeTheDigestTime_isYesterdays() {
    DigestSlot s = DigestSlot.latest(EIGHT, SHANGHAI, Instant.parse("2026-11-28T23:59:00Z"));

    assertThat(s.date()).isEqualTo(LocalDate.of(2026, 11, 28));
    assertThat(s.until()).isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
  }

  @Test
  void latest_readsTheDateInTheFacilitysZone_notUtc() {
    // 2026-11-29T01:00Z is 09:00 on the 29th in Shanghai but 17:00 on the 28th in Los Angeles.
    Instant now = Instant.parse("2026-11-29T01:00:00Z");

    assertThat(DigestSlot.latest(EIGHT, SHANGHAI, now).date()).isEqualTo("2026-11-29");
    assertThat(DigestSlot.latest(EIGHT, ZoneId.of("America/Los_Angeles"), now).date())
        .isEqualTo("2026-11-28");
    assertThat(DigestSlot.latest(EIGHT, ZoneId.of("America/Los_Angeles"), now).until())
        .isEqualTo(Instant.parse("2026-11-28T16:00:00Z"));
  }

  @Test
  void latest_digestLateInTheEvening_afterMidnightIsStillYesterdays() {
    LocalTime lateEvening = LocalTime.of(23, 30);
    Instant tenPastMidnight = Instant.parse("2026-11-29T16:10:00Z"); // 00:10 on the 30th

    DigestSlot s = DigestSlot.latest(lateEvening, SHANGHAI, tenPastMidnight);

    assertThat(s.date()).isEqualTo(LocalDate.of(2026, 11, 29));
    assertThat(s.until()).isEqualTo(Instant.parse("2026-11-29T15:30:00Z"));
    assertThat(Duration.between(s.from(), s.until())).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void latest_onTheDayClocksGoForward_covers23Hours() {
    ZoneId berlin = ZoneId.of("Europe/Berlin"); // 2026-03-29 02:00 CET -> 03:00 CEST

    DigestSlot s = DigestSlot.latest(EIGHT, berlin, Instant.parse("2026-03-29T06:00:00Z"));

    assertThat(s.date()).isEqualTo(LocalDate.of(2026, 3, 29));
    assertThat(s.from()).isEqualTo(Instant.parse("2026-03-28T07:00:00Z"));
    assertThat(Duration.between(s.from(), s.until())).isEqualTo(Duration.ofHours(23));
  }

  @Test
  void latest_digestTimeInTheSpringForwardGap_isTheSameTimeAfterTheGap() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");

    DigestSlot s =
        DigestSlot.latest(LocalTime.of(2, 30), berlin, Instant.parse("2026-03-29T12:00:00Z"));

    assertThat(s.until()).isEqualTo(Instant.parse("2026-03-29T01:30:00Z")); // 03:30 CEST
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Asia/Shanghai", "Europe/Berlin", "America/Los_Angeles", "Pacific/Chatham"})
  void latest_minuteByMinuteOverDays_givesEachLocalDayOnceAtItsTime_withNoGapOrOverlap(
      String zoneId) {
    ZoneId zone = ZoneId.of(zoneId);
    LocalTime at = LocalTime.of(7, 45);
    // Crosses the European and US autumn clock changes (25 h days).
    Instant start = Instant.parse("2026-10-23T00:00:00Z");
    List<DigestSlot> slots = new ArrayList<>();
    List<Instant> firstSeen = new ArrayList<>();
    for (Instant now = start;
        now.isBefore(start.plus(Duration.ofDays(12)));
        now = now.plus(Duration.ofMinutes(1))) {
      DigestSlot s = DigestSlot.latest(at, zone, now);
      if (slots.isEmpty() || !slots.get(slots.size() - 1).equals(s)) {
        slots.add(s);
        firstSeen.add(now);
      }
    }

    assertThat(slots).hasSize(13); // the one due at the start, then one per day
    for (int i = 1; i < slots.size(); i++) {
      DigestSlot s = slots.get(i);
      assertThat(s.date()).isEqualTo(slots.get(i - 1).date().plusDays(1));
      assertThat(s.from()).as("no gap, no overlap").isEqualTo(slots.get(i - 1).until());
      assertThat(firstSeen.get(i)).as("due at its time").isEqualTo(s.until());
      assertThat(s.until().atZone(zone).toLocalTime()).isEqualTo(at);
    }
  }
}
