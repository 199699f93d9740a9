package anxin.protocol;

import java.util.Optional;

/** The event types of wire contract v1 (DESIGN §3), with their wire names. */
public enum EventType {
  PANIC("panic"),
  FALL("fall"),
  FALL_CANCEL("fall_cancel"),
  DOOR_OPEN("door_open"),
  DOOR_CLOSE("door_close"),
  MOTION("motion"),
  BED_EXIT("bed_exit"),
  BED_RETURN("bed_return"),
  HEARTBEAT("heartbeat"),
  BATTERY_LOW("battery_low"),
  TAMPER("tamper");

  private static final EventType[] VALUES = values();

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  /** The exact string carried in the envelope's {@code type} field. */
  public String wireName() {
    return wireName;
  }

  /**
   * True for the life-safety types ({@code panic}, {@code fall}) that are sent Confirmable, never
   * evicted from a gateway journal, and sent first after an outage.
   */
  public boolean isAlarm() {
    return this == PANIC || this == FALL;
  }

  /**
   * True for the types whose rule pages the moment one arrives (DESIGN §4): the alarms ({@code
   * panic}, {@code fall}: P1) and {@code tamper} (P2). The platform takes them ahead of queued
   * telemetry and never rate-limits them; on the wire and in a gateway's journal only {@link
   * #isAlarm} counts.
   */
  public boolean pagesAtOnce() {
    return this == PANIC || this == FALL || this == TAMPER;
  }

  /**
   * Looks up a type by its wire name, case-sensitively.
   *
   * @return the type, or empty when {@code wireName} is not a v1 type
   */
  public static Optional<EventType> fromWireName(String wireName) {
    for (EventType t : VALUES) {
      if (t.wireName.equals(wireName)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
