package anxin.protocol.sim;

import java.time.Duration;
import java.time.LocalTime;

/**
 * Something that happens to one resident (or device) during a scenario: the ground truth the
 * platform's alerts are checked against.
 *
 * @param at local time of day it happens; before the scenario's start means the next day
 * @param room room number 1..rooms
 * @param kind what happens
 * @param conf fall detector confidence 0..1 (fall only), or null
 * @param cancelAfter delay after which the resident cancels a fall, or null for no cancel
 * @param door exit door used by a wandering resident (wander only), or null for the first exit
 * @param duration how long the door stays open (wander, door_left_open) or the resident stays out
 *     of bed (out_of_bed), or null for the kind's default
 * @param device which device of the room (battery_low, tamper), or null for the panic button
 * @param battery battery percent it drops to (battery_low), or null for 14
 */
public record Incident(
    LocalTime at,
    int room,
    Kind kind,
    Double conf,
    Duration cancelAfter,
    String door,
    Duration duration,
    DeviceKind device,
    Integer battery) {

  /** What happens. */
  public enum Kind {
    /** The resident presses the panic button. */
    PANIC,
    /** The fall sensor detects a fall; with {@code cancelAfter}, the resident cancels it. */
    FALL,
    /** Out of bed, through the room, out of an exit door at night. */
    WANDER,
    /** Out of bed and not back for {@code duration} (default 30 min). */
    OUT_OF_BED,
    /** An exit door is left open for {@code duration} (default 20 min). */
    DOOR_LEFT_OPEN,
    /** A device's battery drops to {@code battery}% and the firmware reports it. */
    BATTERY_LOW,
    /** A device's case is opened. */
    TAMPER
  }

  /** The wire name of the kind, as written in scenario files: {@code fall}, {@code wander}... */
  public String kindName() {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
