package anxin.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.gateway.Journal;
import anxin.protocol.DecodeResult;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Format;
import anxin.protocol.codec.EventCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatcherTest {

  private final EventCodec codec = new EventCodec();

  @Test
  void next_manySmallEvents_splitsByCountAndDecodesBack() {
    for (Format f : Format.values()) {
      Batcher b = new Batcher(codec, f, 100, 65_536);
      b.add(entries(0, 250, EventType.MOTION));

      List<Event> out = new ArrayList<>();
      List<Integer> sizes = new ArrayList<>();
      for (Batcher.Batch batch = b.next(); batch != null; batch = b.next()) {
        sizes.add(batch.ids().length);
        out.addAll(decode(batch.payload()));
      }

      assertThat(sizes).as("%s", f).containsExactly(100, 100, 50);
      assertThat(out).extracting(Event::seq).as("%s", f).isEqualTo(seqs(0, 250));
    }
  }

  @Test
  void next_largeEvents_staysWithinByteLimitExactly() {
    for (Format f : Format.values()) {
      Batcher b = new Batcher(codec, f, 500, 4_096);
      List<Journal.Entry> in = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        Event e =
            Event.of("door-" + (i % 3), i, EventType.DOOR_OPEN)
                .withData(Map.of("door", "main-" + "x".repeat(i)));
        in.add(new Journal.Entry(i, e));
      }
      b.add(in);

      int events = 0;
      for (Batcher.Batch batch = b.next(); batch != null; batch = b.next()) {
        assertThat(batch.payload().length).as("%s", f).isLessThanOrEqualTo(4_096);
        List<Event> decoded = decode(batch.payload());
        assertThat(decoded).hasSize(batch.ids().length);
        events += decoded.size();
      }
      assertThat(events).isEqualTo(60);
    }
  }

  @Test
  void next_alarmAddedAfterTelemetryWaiting_goesFirst() {
    Batcher b = new Batcher(codec, Format.CBOR, 10, 65_536);
    b.add(entries(0, 15, EventType.HEARTBEAT)); // one full batch and 5 waiting
    Batcher.Batch first = b.next();
    b.add(List.of(new Journal.Entry(99, Event.of("pb-1", 7, EventType.PANIC))));

    Batcher.Batch second = b.next();

    assertThat(first.alarms()).isZero();
    assertThat(second.alarms()).isEqualTo(1);
    assertThat(decode(second.payload()))
        .extracting(Event::type)
        .startsWith(EventType.PANIC)
        .hasSize(6);
    assertThat(decode(second.payload()))
        .extracting(Event::seq)
        .containsExactly(7L, 10L, 11L, 12L, 13L, 14L);
  }

  @Test
  void next_eventLargerThanLimitAlone_isReportedTooLarge() {
    Batcher b = new Batcher(codec, Format.JSON, 10, 1_024);
    Event huge = Event.of("d", 1, EventType.MOTION).withData(Map.of("blob", "y".repeat(2_000)));
    b.add(
        List.of(
            new Journal.Entry(5, huge), new Journal.Entry(6, Event.of("d", 2, EventType.MOTION))));

    Batcher.Batch tooLarge = b.next();
    Batcher.Batch rest = b.next();

    assertThat(tooLarge.tooLarge()).isTrue();
    assertThat(tooLarge.ids()).containsExactly(5L);
    assertThat(rest.ids()).containsExactly(6L);
  }

  @Test
  void room_countsWaitingEntries_andClearForgetsThem() {
    Batcher b = new Batcher(codec, Format.CBOR, 10, 65_536);
    b.add(entries(0, 4, EventType.MOTION));
    assertThat(b.room()).isEqualTo(6);
    b.clear();
    assertThat(b.pending()).isZero();
    assertThat(b.next()).isNull();
  }

  @Test
  void next_cborHeaderSizes_matchRfc8949ForEachCountRange() {
    for (int n : new int[] {1, 23, 24, 255, 256, 300}) {
      Batcher b = new Batcher(codec, Format.CBOR, 10_000, 65_536);
      b.add(entries(0, n, EventType.MOTION));
      Batcher.Batch batch = b.next();
      assertThat(decode(batch.payload())).as("n=%d", n).hasSize(n);
      assertThat(b.next()).isNull();
    }
  }

  private List<Event> decode(byte[] payload) {
    DecodeResult r = codec.decode(payload);
    assertThat(r.rejections()).isEmpty();
    return r.events();
  }

  private static List<Journal.Entry> entries(int from, int to, EventType type) {
    List<Journal.Entry> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(
          new Journal.Entry(
              i, Event.of("dev-" + (i % 7), i, type).withTs(1_790_000_000_000L + i).withBat(80)));
    }
    return out;
  }

  private static List<Long> seqs(int from, int to) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      out.add(i);
    }
    return out;
  }
}
