package anxin.platform.access;

import anxin.platform.store.Facility;
import java.util.Objects;
import java.util.Set;

/**
 * Who a request comes from and what they may see.
 *
 * @param label the token's label (for logs and the audit log; not personal data)
 * @param role their role
 * @param staffId the staff member acting, for caregivers and managers; may be null
 * @param facilities caregiver and manager: the facilities in scope
 * @param region bureau: the region in scope, or null
 * @param county bureau: the county in scope (inside the region), or null
 */
public record Principal(
    String label, Role role, String staffId, Set<String> facilities, String region, String county) {

  public Principal {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(role, "role");
    facilities = Set.copyOf(facilities);
  }

  /** True when the facility is in scope (for reading). */
  public boolean sees(Facility f) {
    return switch (role) {
      case ADMIN -> true;
      case CAREGIVER, MANAGER -> facilities.contains(f.id());
      case BUREAU ->
          county != null
              ? county.equals(f.county()) && (region == null || region.equals(f.region()))
              : region != null && region.equals(f.region());
    };
  }

  /** True when they may act on the facility's alerts (acknowledge, resolve). */
  public boolean actsOn(Facility f) {
    return role != Role.BUREAU && sees(f);
  }

  /** True when they may see residents' names (staff of the facility; never the bureau). */
  public boolean seesNames(Facility f) {
    return (role == Role.CAREGIVER || role == Role.MANAGER) && sees(f);
  }

  /** Who the timeline names as the actor: the staff id, else the token's label. */
  public String actor() {
    return staffId != null ? staffId : "token:" + label;
  }
}
