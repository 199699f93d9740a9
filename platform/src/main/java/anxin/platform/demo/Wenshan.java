package anxin.platform.demo;

import anxin.ingest.Device;
import anxin.ingest.jdbc.JdbcProvisioning;
import anxin.platform.access.ApiTokens;
import anxin.platform.access.Principal;
import anxin.platform.access.Role;
import anxin.protocol.sim.DeviceKind;
import anxin.protocol.sim.Incident;
import anxin.protocol.sim.Plan;
import anxin.protocol.sim.Scenario;
import anxin.protocol.sim.Scenarios;
import anxin.protocol.sim.SimulatedDevice;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The demo's world: a care home in each of Wenshan prefecture's eight counties and three
 * retrofitted homes of people living alone. Each care home runs the bundled night ({@code
 * night-40-beds} with 36 rooms), its incidents shifted so the homes do not all page at once; each
 * private home has one resident who lives alone, a fall at night and a panic press. Names and phone
 * numbers are invented.
 */
public final class Wenshan {

  /** The prefecture, as the bureau's scope names it. */
  public static final String REGION = "文山州";

  /**
   * A place in the demo.
   *
   * @param id facility id
   * @param name display name
   * @param county county it is in
   * @param rooms rooms (one resident each)
   * @param livesAlone a retrofitted private home: one resident who lives alone, devices on CoAP
   * @param shift minutes its incidents are shifted by
   */
  public record Home(
      String id, String name, String county, int rooms, boolean livesAlone, int shift) {}

  public static final List<Home> HOMES =
      List.of(
          new Home("ws-wenshan", "文山市社会福利院", "文山市", 36, false, 0),
          new Home("ws-yanshan", "砚山县敬老院", "砚山县", 36, false, 7),
          new Home("ws-xichou", "西畴县中心敬老院", "西畴县", 36, false, 15),
          new Home("ws-malipo", "麻栗坡县养老服务中心", "麻栗坡县", 36, false, 22),
          new Home("ws-maguan", "马关县福利院", "马关县", 36, false, 30),
          new Home("ws-qiubei", "丘北县敬老院", "丘北县", 36, false, 37),
          new Home("ws-guangnan", "广南县社会福利中心", "广南县", 36, false, 45),
          new Home("ws-funing", "富宁县敬老院", "富宁县", 36, false, 52),
          new Home("ws-home-01", "独居老人居家 · 文山市", "文山市", 1, true, 3),
          new Home("ws-home-02", "独居老人居家 · 砚山县", "砚山县", 1, true, 19),
          new Home("ws-home-03", "独居老人居家 · 广南县", "广南县", 1, true, 41));

  private static final String[] SURNAMES = {
    "张", "王", "李", "赵", "陈", "杨", "黄", "周", "吴", "刘", "罗", "农", "陆", "梁", "沈", "韦"
  };
  private static final String[] GIVEN = {
    "秀英", "桂兰", "玉珍", "凤英", "德华", "志强", "国华", "淑珍", "建国", "玉兰", "成林", "桂芳"
  };

  private Wenshan() {}

  /** The scenario of a home on the night of {@code night}. */
  public static Scenario scenario(Home h) {
    Scenario base = Scenarios.bundled(Scenarios.NIGHT_40_BEDS);
    List<Incident> incidents = new ArrayList<>();
    if (h.livesAlone()) {
      incidents.add(incident(LocalTime.of(1, 30).plusMinutes(h.shift()), Incident.Kind.FALL));
      incidents.add(incident(LocalTime.of(4, 10).plusMinutes(h.shift()), Incident.Kind.PANIC));
    } else {
      for (Incident i : base.incidents()) {
        incidents.add(
            new Incident(
                i.at().plusMinutes(h.shift()),
                i.room(),
                i.kind(),
                i.conf(),
                i.cancelAfter(),
                i.door(),
                i.duration(),
                i.device(),
                i.battery()));
      }
    }
    return new Scenario(
        "wenshan-" + h.id(),
        h.id(),
        base.zone(),
        base.start(),
        base.duration(),
        h.rooms(),
        h.livesAlone() ? List.of("main") : base.exitDoors(),
        base.heartbeat(),
        base.motionPerHour(),
        base.bathroomTripsPerNight(),
        base.seed() + h.id().hashCode(),
        incidents);
  }

  private static Incident incident(LocalTime at, Incident.Kind kind) {
    return new Incident(
        at, 1, kind, kind == Incident.Kind.FALL ? 0.9 : null, null, null, null, null, null);
  }

  /** Every home's night, merged into one timeline. */
  public static Plan plan(LocalDate night) {
    List<Plan> plans = new ArrayList<>();
    for (Home h : HOMES) {
      plans.add(Plan.of(scenario(h), night));
    }
    return Plan.merge(plans);
  }

  /** The invented name of the demo's {@code person}-th resident. */
  static String residentName(int person) {
    return SURNAMES[person % SURNAMES.length] + GIVEN[(person * 7) % GIVEN.length];
  }

  /** Every resident name the demo provisions (for the test that none reaches a log). */
  public static java.util.Set<String> residentNames() {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    int person = 0;
    for (Home h : HOMES) {
      for (int n = 1; n <= h.rooms(); n++) {
        out.add(residentName(person++));
      }
      person += h.livesAlone() ? 2 : 4; // the staff provisioned after each home take numbers too
    }
    return out;
  }

  /** Room label of room {@code n}: 101, 102, ... */
  public static String room(Integer n) {
    return n == null ? null : Integer.toString(100 + n);
  }

  /** Resident id of room {@code n} of a home. */
  public static String resident(Home h, Integer n) {
    return n == null ? null : String.format("%s-res-%02d", h.id(), n);
  }

  /** Zone of room {@code n}: A for the first half, B for the rest. */
  private static String zone(Home h, int n) {
    return n <= (h.rooms() + 1) / 2 ? "A" : "B";
  }

  /**
   * Writes facilities, devices, residents, family contacts, staff, zones and the three demo tokens.
   *
   * @return the tokens: caregiver, manager, bureau officer
   */
  public static Map<String, String> provision(
      DataSource db, JdbcProvisioning provisioning, ApiTokens tokens, Plan plan)
      throws SQLException {
    for (Home h : HOMES) {
      provisioning.upsertFacility(h.id(), h.name(), h.county(), REGION, "Asia/Shanghai");
    }
    Map<String, Home> byId = new LinkedHashMap<>();
    HOMES.forEach(h -> byId.put(h.id(), h));
    for (SimulatedDevice d : plan.devices()) {
      Home h = byId.get(d.facility());
      provisioning.upsertDevice(
          new Device(
              d.id(),
              d.facility(),
              kind(d.kind()),
              room(d.room()),
              resident(h, d.room()),
              d.heartbeat()),
          null,
          null);
    }
    try (Connection c = db.getConnection()) {
      int person = 0;
      for (Home h : HOMES) {
        for (int n = 1; n <= h.rooms(); n++) {
          String name = residentName(person);
          person++;
          String care =
              h.livesAlone()
                  ? "lives_alone,fall_risk"
                  : n == 7 ? "wandering_risk" : n == 12 ? "fall_risk" : "";
          exec(
              c,
              "INSERT INTO resident (id, facility_id, display_name, room, care) VALUES (?, ?, ?, ?, ?)"
                  + " ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name,"
                  + " room = EXCLUDED.room, care = EXCLUDED.care",
              resident(h, n),
              h.id(),
              name,
              room(n),
              care);
          exec(
              c,
              "INSERT INTO room_zone (facility_id, room, zone) VALUES (?, ?, ?)"
                  + " ON CONFLICT (facility_id, room) DO UPDATE SET zone = EXCLUDED.zone",
              h.id(),
              room(n),
              zone(h, n));
          if (h.livesAlone() || Set.of(5, 7, 12, 21, 33).contains(n)) {
            exec(
                c,
                "INSERT INTO family_contact (id, resident_id, phone, language) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (id) DO NOTHING",
                resident(h, n) + "-fam",
                resident(h, n),
                String.format("+861380000%04d", person),
                h.id().equals("ws-home-03") ? "en" : "zh-CN");
          }
        }
        String allDay = "07:00-19:00; 19:00-07:00";
        staff(c, h.id() + "-cg-a", h.id(), "caregiver", "A", "duty-robot", allDay, person++);
        if (!h.livesAlone()) {
          staff(c, h.id() + "-cg-b", h.id(), "caregiver", "B", "duty-robot", allDay, person++);
          staff(c, h.id() + "-sup", h.id(), "supervisor", "", "duty-robot", allDay, person++);
        }
        staff(c, h.id() + "-mgr", h.id(), "manager", "", null, "", person++);
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    Home first = HOMES.get(0);
    out.put(
        "caregiver",
        tokens.create(
            new Principal(
                "demo caregiver " + first.id(),
                Role.CAREGIVER,
                first.id() + "-cg-a",
                Set.of(first.id()),
                null,
                null)));
    out.put(
        "manager",
        tokens.create(
            new Principal(
                "demo manager " + first.id(),
                Role.MANAGER,
                first.id() + "-mgr",
                Set.of(first.id()),
                null,
                null)));
    out.put(
        "bureau",
        tokens.create(
            new Principal("demo bureau officer", Role.BUREAU, null, Set.of(), REGION, null)));
    return out;
  }

  private static void staff(
      Connection c,
      String id,
      String facility,
      String role,
      String zones,
      String webhook,
      String shifts,
      int n)
      throws SQLException {
    exec(
        c,
        "INSERT INTO staff (id, facility_id, display_name, roles, zones, phone, webhook, shifts)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET roles = EXCLUDED.roles,"
            + " zones = EXCLUDED.zones, phone = EXCLUDED.phone, webhook = EXCLUDED.webhook,"
            + " shifts = EXCLUDED.shifts",
        id,
        facility,
        SURNAMES[n % SURNAMES.length] + "护理员",
        role,
        zones,
        String.format("+861390000%04d", n),
        webhook,
        shifts);
  }

  private static String kind(DeviceKind k) {
    return switch (k) {
      case PANIC_BUTTON -> "panic_button";
      case FALL_SENSOR -> "fall_sensor";
      case BED_SENSOR -> "bed_sensor";
      case MOTION_SENSOR -> "motion_sensor";
      case DOOR_SENSOR -> "door_sensor";
    };
  }

  private static void exec(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }
}
