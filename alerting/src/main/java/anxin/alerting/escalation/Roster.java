package anxin.alerting.escalation;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A facility's staff, their shifts, and which zone each room is in. Reference data: the platform
 * rebuilds it when provisioning changes.
 *
 * @param zone the facility's time zone; shifts are read in it, never null
 * @param staff every staff member, in paging order, never null
 * @param roomZones zone by room label; rooms not listed are in no zone (their alerts reach no zone
 *     caregivers and fall through to the next step)
 */
public record Roster(ZoneId zone, List<Staff> staff, Map<String, String> roomZones) {

  public Roster {
    Objects.requireNonNull(zone, "zone");
    staff = List.copyOf(staff);
    roomZones = Map.copyOf(roomZones);
    Set<String> ids = new HashSet<>();
    for (Staff s : staff) {
      if (!ids.add(s.id())) {
        throw new IllegalArgumentException("staff id appears twice in the roster: " + s.id());
      }
    }
  }

  /** A roster with nobody on it. */
  public static Roster empty(ZoneId zone) {
    return new Roster(zone, List.of(), Map.of());
  }

  /** The zone of a room, or null for a null or unknown room. */
  public String zoneOf(String room) {
    return room == null ? null : roomZones.get(room);
  }

  /** Staff on duty at the instant, in roster order. */
  public List<Staff> onDuty(Instant at) {
    List<Staff> out = new ArrayList<>();
    for (Staff s : staff) {
      if (s.onDuty(at, zone)) {
        out.add(s);
      }
    }
    return out;
  }
}
