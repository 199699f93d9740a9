package anxin.alerting;

import java.util.ArrayList;
import java.util.List;

/**
 * What one call into the alerting core changed, in order: alert events to publish, notifications to
 * hand to the outbox, device commands to publish. Empty when nothing changed.
 *
 * @param events alert events for the console, never null
 * @param intents notifications, never null
 * @param commands device commands, never null
 */
public record Changes(
    List<AlertEvent> events, List<NotificationIntent> intents, List<DeviceCommand> commands) {

  /** Nothing changed. */
  public static final Changes NONE = new Changes(List.of(), List.of(), List.of());

  public Changes {
    events = List.copyOf(events);
    intents = List.copyOf(intents);
    commands = List.copyOf(commands);
  }

  /** Only alert events. */
  public static Changes of(List<AlertEvent> events) {
    return events.isEmpty() ? NONE : new Changes(events, List.of(), List.of());
  }

  /** True when nothing changed. */
  public boolean isEmpty() {
    return events.isEmpty() && intents.isEmpty() && commands.isEmpty();
  }

  /** These changes followed by {@code later}. */
  public Changes then(Changes later) {
    if (later.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return later;
    }
    return new Changes(
        concat(events, later.events),
        concat(intents, later.intents),
        concat(commands, later.commands));
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a.size() + b.size());
    out.addAll(a);
    out.addAll(b);
    return out;
  }
}
