package anxin.alerting.escalation;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One member of a facility's staff.
 *
 * @param id staff id, unique in the facility; the console address; never null
 * @param roles what they may be paged as, never null
 * @param zones the zones whose residents they look after as caregiver, never null
 * @param phone SMS number, or null (no SMS to them)
 * @param webhook pager or IM webhook target, or null (no webhook to them)
 * @param language {@code zh-CN} or {@code en}, or null for the facility's default
 * @param shifts when they are on duty, never null; empty for never (e.g. a manager paged off shift)
 */
public record Staff(
    String id,
    Set<Role> roles,
    Set<String> zones,
    String phone,
    String webhook,
    String language,
    List<Shift> shifts) {

  public Staff {
    Objects.requireNonNull(id, "id");
    roles = Set.copyOf(roles);
    zones = Set.copyOf(zones);
    shifts = List.copyOf(shifts);
  }

  /** True when one of their shifts covers the instant in the facility's zone. */
  public boolean onDuty(Instant at, ZoneId zone) {
    for (Shift s : shifts) {
      if (s.covers(at, zone)) {
        return true;
      }
    }
    return false;
  }

  /** True when they have the role. */
  public boolean is(Role role) {
    return roles.contains(role);
  }
}
