package anxin.protocol.sim;

import anxin.protocol.Event;
import anxin.protocol.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Emulated firmware of one device: its {@code seq} counter (+1 per event, wrapping to 0 after
 * 2^32-1), battery drain and the {@code battery_low} it raises once on crossing the threshold, and
 * its signal strength. Not thread-safe: one simulator thread drives all devices.
 */
public final class SimulatedDevice {

  /** Battery percent at or below which firmware raises {@code battery_low} (DESIGN §4). */
  public static final int LOW_BATTERY = 15;

  private static final double DRAIN_PER_MESSAGE = 0.002;

  private final String id;
  private final String facility;
  private final DeviceKind kind;
  private final Integer room;
  private final Duration heartbeat;
  private final int rssi;
  private long nextSeq;
  private double battery;
  private boolean lowReported;

  /**
   * @param id device id
   * @param facility facility id
   * @param kind what it is
   * @param room room number, or null for a facility-level device such as an exit door
   * @param heartbeat heartbeat interval
   * @param firstSeq the {@code seq} of its first event (a device that was running before has a
   *     counter that is not at 0)
   * @param battery starting battery percent
   * @param rssi signal strength in dBm
   */
  public SimulatedDevice(
      String id,
      String facility,
      DeviceKind kind,
      Integer room,
      Duration heartbeat,
      long firstSeq,
      double battery,
      int rssi) {
    this.id = anxin.protocol.Ids.requireDeviceId(id);
    this.facility = anxin.protocol.Ids.requireFacilityId(facility);
    this.kind = kind;
    this.room = room;
    this.heartbeat = heartbeat;
    this.nextSeq = firstSeq;
    this.battery = battery;
    this.rssi = rssi;
  }

  public String id() {
    return id;
  }

  public String facility() {
    return facility;
  }

  public DeviceKind kind() {
    return kind;
  }

  /** Room number, or null for a facility-level device. */
  public Integer room() {
    return room;
  }

  public Duration heartbeat() {
    return heartbeat;
  }

  /** Current battery percent, rounded down. */
  public int batteryPercent() {
    return (int) Math.floor(battery);
  }

  /** The battery drops to {@code percent} (an ageing cell, cold night). */
  void drainTo(double percent) {
    battery = Math.min(battery, percent);
  }

  /**
   * Produces the next event as the firmware would: next {@code seq}, device clock {@code at},
   * battery and signal. Draining below {@link #LOW_BATTERY} makes the following call to {@link
   * #pendingBatteryLow} true once.
   */
  public Event emit(EventType type, Instant at, Map<String, Object> data) {
    Event e = new Event(id, nextSeq, type, at.toEpochMilli(), batteryPercent(), rssi, data);
    nextSeq = Event.nextSeq(nextSeq);
    battery = Math.max(0, battery - DRAIN_PER_MESSAGE);
    return e;
  }

  /** True once, when the battery has reached {@link #LOW_BATTERY} and firmware should say so. */
  boolean pendingBatteryLow() {
    if (!lowReported && batteryPercent() <= LOW_BATTERY) {
      lowReported = true;
      return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return id;
  }
}
