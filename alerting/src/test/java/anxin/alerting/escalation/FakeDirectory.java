package anxin.alerting.escalation;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory {@link Directory} for one set of reference data shared by every facility, with the
 * care home used across the escalation tests:
 *
 * <pre>
 * zone A: room r-101     zone B: room r-201     (room r-999 and null rooms: no zone)
 * cg-a    caregiver A    07:00-19:00  console, webhook, sms
 * cg-b    caregiver B    07:00-19:00  console, sms (no webhook)
 * sup     supervisor     07:00-19:00  console, webhook, sms
 * night   caregiver A,B  19:00-07:00  console, webhook, sms
 * nsup    supervisor     19:00-07:00  console, sms
 * mgr     manager        no shifts    sms, en
 * res-12 family: fam-1 (zh-CN, default quiet hours, told of resolution),
 *                fam-2 (en, no quiet hours, not told of resolution)
 * </pre>
 */
public final class FakeDirectory implements Directory {

  public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  public FacilityEscalation escalation = FacilityEscalation.defaults();
  public Roster roster = careHome();
  public final Map<String, List<FamilyContact>> family = new HashMap<>();

  public FakeDirectory() {
    family.put(
        "res-12",
        new ArrayList<>(
            List.of(
                new FamilyContact("fam-1", "res-12", "+8613800000001", null, null, true),
                new FamilyContact(
                    "fam-2", "res-12", "+447700900002", "en", DailyWindow.NEVER, false))));
  }

  /** The care home described above. */
  public static Roster careHome() {
    Shift day = Shift.daily("07:00-19:00");
    Shift night = Shift.daily("19:00-07:00");
    return new Roster(
        SHANGHAI,
        List.of(
            staff("cg-a", Role.CAREGIVER, Set.of("A"), "+861001", "hook://cg-a", day),
            staff("cg-b", Role.CAREGIVER, Set.of("B"), "+861002", null, day),
            staff("sup", Role.SUPERVISOR, Set.of(), "+861003", "hook://sup", day),
            staff("night", Role.CAREGIVER, Set.of("A", "B"), "+861004", "hook://night", night),
            staff("nsup", Role.SUPERVISOR, Set.of(), "+861005", null, night),
            new Staff("mgr", Set.of(Role.MANAGER), Set.of(), "+861006", null, "en", List.of())),
        Map.of("r-101", "A", "r-201", "B"));
  }

  static Staff staff(
      String id, Role role, Set<String> zones, String phone, String webhook, Shift shift) {
    return new Staff(id, Set.of(role), zones, phone, webhook, null, List.of(shift));
  }

  /** A window of local times, for tests. */
  public static DailyWindow window(String start, String end) {
    return new DailyWindow(LocalTime.parse(start), LocalTime.parse(end));
  }

  @Override
  public FacilityEscalation escalation(String facility) {
    return escalation;
  }

  @Override
  public Roster roster(String facility) {
    return roster;
  }

  @Override
  public List<FamilyContact> family(String facility, String resident) {
    return resident == null ? List.of() : family.getOrDefault(resident, List.of());
  }
}
