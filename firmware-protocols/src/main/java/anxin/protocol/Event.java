package anxin.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One event envelope of wire contract v1 (DESIGN §3). Immutable; the constructor rejects values
 * that the wire contract does not allow, so an {@code Event} is always one a device may send.
 *
 * @param dev device id, {@code [A-Za-z0-9][A-Za-z0-9_.-]{0,63}}
 * @param seq per-device counter, 0..2^32-1; with {@code dev} the dedup key
 * @param type the event type
 * @param ts device clock in ms since the Unix epoch, or null when the device has no clock
 * @param bat battery percent 0..100, or null when not reported
 * @param rssi radio signal in dBm, or null when not reported
 * @param data type-specific fields, never null (empty when absent); values are {@code String},
 *     {@code Boolean}, {@code Long}, {@code java.math.BigInteger}, {@code Double}, {@code byte[]},
 *     {@code java.util.List}, {@code java.util.Map} or null. Unknown keys are kept.
 */
public record Event(
    String dev,
    long seq,
    EventType type,
    Long ts,
    Integer bat,
    Integer rssi,
    Map<String, Object> data) {

  /** Key of the fall detector's confidence (0..1) in a {@code fall} event's data. */
  public static final String DATA_CONFIDENCE = "conf";

  /** Key of the door (e.g. {@code main}, {@code balcony}) in a {@code door_*} event's data. */
  public static final String DATA_DOOR = "door";

  public Event {
    Ids.requireDeviceId(dev);
    if (seq < 0 || seq > Limits.MAX_SEQ) {
      throw new IllegalArgumentException("seq out of range 0..4294967295: " + seq);
    }
    if (type == null) {
      throw new IllegalArgumentException("type is null");
    }
    if (bat != null && (bat < Limits.MIN_BATTERY || bat > Limits.MAX_BATTERY)) {
      throw new IllegalArgumentException("bat out of range 0..100: " + bat);
    }
    data =
        data == null || data.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }

  /** An event with only the required fields. */
  public static Event of(String dev, long seq, EventType type) {
    return new Event(dev, seq, type, null, null, null, Map.of());
  }

  /** This event with the device clock set, in ms since the Unix epoch. */
  public Event withTs(long epochMillis) {
    return new Event(dev, seq, type, epochMillis, bat, rssi, data);
  }

  /** This event with a battery percentage 0..100. */
  public Event withBat(int percent) {
    return new Event(dev, seq, type, ts, percent, rssi, data);
  }

  /** This event with a signal strength in dBm. */
  public Event withRssi(int dbm) {
    return new Event(dev, seq, type, ts, bat, dbm, data);
  }

  /** This event with {@code data} replaced. */
  public Event withData(Map<String, Object> newData) {
    return new Event(dev, seq, type, ts, bat, rssi, newData);
  }

  /** The fall detector's confidence 0..1 ({@code data.conf}), when present and numeric. */
  public OptionalDouble confidence() {
    return data.get(DATA_CONFIDENCE) instanceof Number n
        ? OptionalDouble.of(n.doubleValue())
        : OptionalDouble.empty();
  }

  /** Which door ({@code data.door}), when present. */
  public Optional<String> door() {
    return data.get(DATA_DOOR) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /** The {@code seq} that follows {@code seq} on the same device: +1, wrapping from 2^32-1 to 0. */
  public static long nextSeq(long seq) {
    return seq >= Limits.MAX_SEQ ? 0 : seq + 1;
  }
}
