package anxin.protocol.sim;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * A scenario as data: one facility, its rooms and devices, the routine they produce, and the
 * incidents that happen. Loaded from JSON by {@link Scenarios}; expanded into a timeline by {@link
 * Plan#of}.
 *
 * @param name short name, e.g. {@code night-40-beds}
 * @param facility facility id, used as the prefix of device ids
 * @param zone the facility's time zone
 * @param start local time the scenario starts
 * @param duration how long it runs
 * @param rooms number of rooms, one resident each, each with a panic button, fall sensor, bed
 *     sensor and motion sensor
 * @param exitDoors names of exit doors, each with a door sensor (e.g. {@code main})
 * @param heartbeat every device's heartbeat interval
 * @param motionPerHour routine motion events per room per hour
 * @param bathroomTripsPerNight chance per room that the resident gets up once and returns
 * @param seed seed of the routine's randomness: the same seed gives the same night
 * @param incidents what happens, in any order
 */
public record Scenario(
    String name,
    String facility,
    ZoneId zone,
    LocalTime start,
    Duration duration,
    int rooms,
    List<String> exitDoors,
    Duration heartbeat,
    double motionPerHour,
    double bathroomTripsPerNight,
    long seed,
    List<Incident> incidents) {

  public Scenario {
    anxin.protocol.Ids.requireFacilityId(facility);
    exitDoors = List.copyOf(exitDoors);
    incidents = List.copyOf(incidents);
    if (rooms < 0 || rooms > 9999) {
      throw new IllegalArgumentException("rooms out of range 0..9999: " + rooms);
    }
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("heartbeat must be positive: " + heartbeat);
    }
  }

  /** The id of a room's device, e.g. {@code fuyuan-r012-fall}. */
  public String deviceId(int room, DeviceKind kind) {
    return String.format("%s-r%03d-%s", facility, room, kind.idSuffix());
  }

  /** The id of an exit door's sensor, e.g. {@code fuyuan-door-main}. */
  public String doorId(String door) {
    return facility + "-door-" + door;
  }

  /** This scenario for another facility (same rooms and routine, another seed). */
  public Scenario forFacility(String otherFacility, long otherSeed) {
    return new Scenario(
        name,
        otherFacility,
        zone,
        start,
        duration,
        rooms,
        exitDoors,
        heartbeat,
        motionPerHour,
        bathroomTripsPerNight,
        otherSeed,
        incidents);
  }
}
