package anxin.alerting.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UlidSourceTest {

  private final UlidSource ids = new UlidSource(new Random(42));

  @Test
  void next_is26CrockfordCharactersStartingWithTheTime() {
    String id = ids.next(Instant.ofEpochMilli(1_469_918_176_385L));

    assertThat(id).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}");
    assertThat(id).startsWith("01ARYZ6S41"); // the time part of the ULID spec's example
  }

  @Test
  void next_sameMillisecondOrClockGoingBack_staysUniqueAndSorted() {
    Instant t = Instant.parse("2026-03-10T02:00:00Z");
    List<String> issued = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      issued.add(ids.next(t.plusMillis(i % 7 == 0 ? -5 : i / 10)));
    }

    assertThat(issued).doesNotHaveDuplicates().isSorted();
  }
}
