package anxin.bench.alerting;

import anxin.alerting.escalation.Directory;
import anxin.alerting.escalation.FacilityEscalation;
import anxin.alerting.escalation.FamilyContact;
import anxin.alerting.escalation.Role;
import anxin.alerting.escalation.Roster;
import anxin.alerting.escalation.Shift;
import anxin.alerting.escalation.Staff;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference data of the {@link CareHomeMix} homes, the same in each: default escalation, rooms
 * split between zones A and B, a caregiver per zone and a supervisor on the day shift, a caregiver
 * for both zones and a supervisor at night, a manager off shift, and one family contact per
 * resident.
 */
final class CareHomeDirectory implements Directory {

  private final Roster roster;

  CareHomeDirectory(CareHomeMix mix) {
    Map<String, String> zones = new HashMap<>();
    List<String> rooms = mix.rooms();
    for (int i = 0; i < rooms.size(); i++) {
      zones.put(rooms.get(i), i % 2 == 0 ? "A" : "B");
    }
    Shift day = Shift.daily("07:00-19:00");
    Shift night = Shift.daily("19:00-07:00");
    this.roster =
        new Roster(
            CareHomeMix.SHANGHAI,
            List.of(
                staff("cg-a", Role.CAREGIVER, Set.of("A"), "+8613900000001", "hook://cg-a", day),
                staff("cg-b", Role.CAREGIVER, Set.of("B"), "+8613900000002", null, day),
                staff("sup", Role.SUPERVISOR, Set.of(), "+8613900000003", "hook://sup", day),
                staff(
                    "night",
                    Role.CAREGIVER,
                    Set.of("A", "B"),
                    "+8613900000004",
                    "hook://night",
                    night),
                staff("nsup", Role.SUPERVISOR, Set.of(), "+8613900000005", null, night),
                new Staff(
                    "mgr",
                    Set.of(Role.MANAGER),
                    Set.of(),
                    "+8613900000006",
                    null,
                    "en",
                    List.of())),
            zones);
  }

  private static Staff staff(
      String id, Role role, Set<String> zones, String phone, String webhook, Shift shift) {
    return new Staff(id, Set.of(role), zones, phone, webhook, null, List.of(shift));
  }

  @Override
  public FacilityEscalation escalation(String facility) {
    return FacilityEscalation.defaults();
  }

  @Override
  public Roster roster(String facility) {
    return roster;
  }

  @Override
  public List<FamilyContact> family(String facility, String resident) {
    return resident == null
        ? List.of()
        : List.of(
            new FamilyContact("fam-" + resident, resident, "+8613800000001", null, null, true));
  }
}
