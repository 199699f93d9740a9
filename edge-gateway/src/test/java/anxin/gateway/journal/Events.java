package anxin.gateway.journal;

import anxin.gateway.Journal;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Test events and helpers. */
final class Events {

  private Events() {}

  static Event telemetry(String dev, long seq) {
    return Event.of(dev, seq, EventType.MOTION).withTs(1_790_000_000_000L + seq).withBat(80);
  }

  static Event alarm(String dev, long seq) {
    return Event.of(dev, seq, EventType.PANIC).withTs(1_790_000_000_000L + seq);
  }

  /** Everything the journal would send now, in send order. */
  static List<Event> drain(Journal j) throws IOException {
    j.rewind();
    List<Event> out = new ArrayList<>();
    for (List<Journal.Entry> batch = j.poll(4096); !batch.isEmpty(); batch = j.poll(4096)) {
      batch.forEach(e -> out.add(e.event()));
    }
    j.rewind();
    return out;
  }

  static List<Long> seqs(List<Event> events) {
    return events.stream().map(Event::seq).toList();
  }

  static List<Long> polledSeqs(List<Journal.Entry> entries) {
    return entries.stream().map(e -> e.event().seq()).toList();
  }
}
