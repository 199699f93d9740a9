package anxin.protocol.sim;

import anxin.protocol.Event;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.topic.Topics;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Prints each event (local time, topic, JSON; {@code !!} in front of a panic or fall) after passing
 * it on to another sink.
 */
public final class PrintingSink implements EventSink {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final EventSink next;
  private final PrintWriter out;
  private final ZoneId zone;
  private final EventCodec codec = new EventCodec();

  /**
   * @param next where the event really goes
   * @param out where lines are printed
   * @param zone time zone of the printed device time
   */
  public PrintingSink(EventSink next, PrintWriter out, ZoneId zone) {
    this.next = next;
    this.out = out;
    this.zone = zone;
  }

  @Override
  public void send(SimulatedDevice device, Event event) {
    next.send(device, event);
    String time =
        event.ts() == null
            ? "--:--:--"
            : TIME.format(Instant.ofEpochMilli(event.ts()).atZone(zone));
    String json = new String(codec.encodeJson(event), StandardCharsets.UTF_8);
    String mark = event.type().isAlarm() ? "!!" : "  "; // panic and fall stand out
    out.println(
        mark + " " + time + "  " + Topics.event(device.facility(), device.id()) + "  " + json);
    out.flush();
  }

  @Override
  public void close() {
    next.close();
  }
}
