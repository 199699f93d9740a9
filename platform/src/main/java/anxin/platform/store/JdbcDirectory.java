package anxin.platform.store;

import anxin.alerting.FacilityRules;
import anxin.alerting.InvalidRulesException;
import anxin.alerting.escalation.DailyWindow;
import anxin.alerting.escalation.Directory;
import anxin.alerting.escalation.FacilityEscalation;
import anxin.alerting.escalation.FamilyContact;
import anxin.alerting.escalation.InvalidEscalationException;
import anxin.alerting.escalation.Role;
import anxin.alerting.escalation.Roster;
import anxin.alerting.escalation.Shift;
import anxin.alerting.escalation.Staff;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Facilities, residents, staff, rosters, family contacts and per-facility settings, read from the
 * database into an immutable snapshot that the alerting core and the API read without I/O. {@link
 * #reload()} replaces the snapshot; the platform calls it after its own provisioning changes and
 * every few seconds for changes made elsewhere (docs/operations.md).
 *
 * <p>A facility's rule and escalation settings are the config file's defaults overlaid with its
 * rows in {@code facility_setting}; a facility whose rows do not parse keeps the defaults and the
 * problem is logged (with the key, never a resident's data).
 */
public final class JdbcDirectory implements Directory {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcDirectory.class);

  private record Snapshot(
      Map<String, Facility> facilities,
      Map<String, Resident> residents,
      Map<String, Roster> rosters,
      Map<String, List<FamilyContact>> family,
      Map<String, FacilityRules> rules,
      Map<String, FacilityEscalation> escalation) {}

  private final DataSource dataSource;
  private final Map<String, String> ruleDefaults;
  private final Map<String, String> escalationDefaults;
  private volatile Snapshot snapshot =
      new Snapshot(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
  private final List<java.util.function.BiConsumer<String, FacilityRules>> rulesListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * @param ruleDefaults the config file's {@code rules.*} (without the prefix)
   * @param escalationDefaults the config file's {@code escalation.*} (without the prefix)
   */
  public JdbcDirectory(
      DataSource dataSource,
      Map<String, String> ruleDefaults,
      Map<String, String> escalationDefaults) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.ruleDefaults = Map.copyOf(ruleDefaults);
    this.escalationDefaults = Map.copyOf(escalationDefaults);
  }

  /**
   * Told, after a {@link #reload}, of each facility whose rules changed (settings, or a resident's
   * care flags): the rule engine asks for a facility's rules only on its first event, so a change
   * reaches it this way.
   */
  public void onRulesChanged(java.util.function.BiConsumer<String, FacilityRules> listener) {
    rulesListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Reads everything again and swaps the snapshot in one step. */
  public synchronized void reload() throws SQLException {
    Map<String, FacilityRules> before = snapshot.rules();
    try (Connection c = dataSource.getConnection()) {
      Map<String, Facility> facilities = facilities(c);
      Map<String, Resident> residents = residents(c);
      Map<String, Map<String, String>> settings = settings(c);
      Map<String, FacilityRules> rules = new HashMap<>();
      Map<String, FacilityEscalation> escalation = new HashMap<>();
      for (Facility f : facilities.values()) {
        Map<String, String> own = settings.getOrDefault(f.id(), Map.of());
        rules.put(f.id(), rules(f, own, residents));
        escalation.put(f.id(), escalation(f, own));
      }
      snapshot =
          new Snapshot(
              Map.copyOf(facilities),
              Map.copyOf(residents),
              rosters(c, facilities),
              family(c),
              Map.copyOf(rules),
              Map.copyOf(escalation));
    }
    snapshot
        .rules()
        .forEach(
            (facility, now) -> {
              FacilityRules was = before.get(facility);
              if (was != null && !was.equals(now)) {
                rulesListeners.forEach(l -> l.accept(facility, now));
              }
            });
  }

  /** Every facility. */
  public List<Facility> facilities() {
    return List.copyOf(snapshot.facilities().values());
  }

  public Optional<Facility> facility(String id) {
    return Optional.ofNullable(snapshot.facilities().get(id));
  }

  public Optional<Resident> resident(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(snapshot.residents().get(id));
  }

  /** The facility's rules; the config file's defaults for a facility not (yet) known. */
  public FacilityRules rules(String facility) {
    FacilityRules r = snapshot.rules().get(facility);
    return r != null ? r : FacilityRules.parse(ruleDefaults);
  }

  @Override
  public FacilityEscalation escalation(String facility) {
    FacilityEscalation e = snapshot.escalation().get(facility);
    return e != null ? e : FacilityEscalation.parse(escalationDefaults);
  }

  @Override
  public Roster roster(String facility) {
    Roster r = snapshot.rosters().get(facility);
    return r != null ? r : Roster.empty(ZoneId.of("Asia/Shanghai"));
  }

  @Override
  public List<FamilyContact> family(String facility, String resident) {
    return resident == null ? List.of() : snapshot.family().getOrDefault(resident, List.of());
  }

  private FacilityRules rules(
      Facility f, Map<String, String> own, Map<String, Resident> residents) {
    Map<String, String> merged = new TreeMap<>(ruleDefaults);
    merged.put("zone", f.zone().getId());
    own.forEach(
        (k, v) -> {
          if (k.startsWith("rules.")) {
            merged.put(k.substring("rules.".length()), v);
          }
        });
    for (Resident r : residents.values()) {
      if (r.facility().equals(f.id()) && !r.care().isEmpty()) {
        merged.put("resident." + r.id() + ".care", String.join(",", r.care()));
      }
    }
    try {
      return FacilityRules.parse(merged);
    } catch (InvalidRulesException e) {
      LOG.error("facility {}: rule settings ignored: {}", f.id(), String.join("; ", e.problems()));
      return FacilityRules.parse(ruleDefaults);
    }
  }

  private FacilityEscalation escalation(Facility f, Map<String, String> own) {
    Map<String, String> merged = new TreeMap<>(escalationDefaults);
    own.forEach(
        (k, v) -> {
          if (k.startsWith("escalation.")) {
            merged.put(k.substring("escalation.".length()), v);
          }
        });
    try {
      return FacilityEscalation.parse(merged);
    } catch (InvalidEscalationException e) {
      LOG.error(
          "facility {}: escalation settings ignored: {}", f.id(), String.join("; ", e.problems()));
      return FacilityEscalation.parse(escalationDefaults);
    }
  }

  private static Map<String, Facility> facilities(Connection c) throws SQLException {
    Map<String, Facility> out = new HashMap<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT id, name, county, region, zone FROM facility");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ZoneId zone;
        try {
          zone = ZoneId.of(rs.getString(5));
        } catch (RuntimeException e) {
          LOG.error(
              "facility {}: unknown time zone {}, using Asia/Shanghai",
              rs.getString(1),
              rs.getString(5));
          zone = ZoneId.of("Asia/Shanghai");
        }
        out.put(
            rs.getString(1),
            new Facility(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), zone));
      }
    }
    return out;
  }

  private static Map<String, Resident> residents(Connection c) throws SQLException {
    Map<String, Resident> out = new HashMap<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT id, facility_id, display_name, room, care FROM resident");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(
            rs.getString(1),
            new Resident(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                words(rs.getString(5))));
      }
    }
    return out;
  }

  private static Map<String, Map<String, String>> settings(Connection c) throws SQLException {
    Map<String, Map<String, String>> out = new HashMap<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT facility_id, key, value FROM facility_setting");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
            .put(rs.getString(2), rs.getString(3));
      }
    }
    return out;
  }

  private static Map<String, Roster> rosters(Connection c, Map<String, Facility> facilities)
      throws SQLException {
    Map<String, List<Staff>> staff = new HashMap<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, facility_id, roles, zones, phone, webhook, language, shifts"
                    + " FROM staff WHERE active ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        try {
          staff
              .computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
              .add(
                  new Staff(
                      rs.getString(1),
                      roles(rs.getString(3)),
                      words(rs.getString(4)),
                      blankToNull(rs.getString(5)),
                      blankToNull(rs.getString(6)),
                      blankToNull(rs.getString(7)),
                      shifts(rs.getString(8))));
        } catch (IllegalArgumentException e) {
          LOG.error("staff {}: ignored: {}", rs.getString(1), e.getMessage());
        }
      }
    }
    Map<String, Map<String, String>> zones = new HashMap<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT facility_id, room, zone FROM room_zone");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        zones
            .computeIfAbsent(rs.getString(1), k -> new HashMap<>())
            .put(rs.getString(2), rs.getString(3));
      }
    }
    Map<String, Roster> out = new HashMap<>();
    for (Facility f : facilities.values()) {
      out.put(
          f.id(),
          new Roster(
              f.zone(),
              staff.getOrDefault(f.id(), List.of()),
              zones.getOrDefault(f.id(), Map.of())));
    }
    return Map.copyOf(out);
  }

  private static Map<String, List<FamilyContact>> family(Connection c) throws SQLException {
    Map<String, List<FamilyContact>> out = new HashMap<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, resident_id, phone, language, quiet_hours, told_of_resolution"
                    + " FROM family_contact ORDER BY resident_id, id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String quiet = rs.getString(5);
        DailyWindow window;
        try {
          window =
              quiet == null || quiet.isBlank()
                  ? null
                  : quiet.strip().equalsIgnoreCase("none")
                      ? DailyWindow.NEVER
                      : DailyWindow.parse(quiet.strip());
        } catch (IllegalArgumentException e) {
          LOG.error("family contact {}: quiet hours ignored: {}", rs.getString(1), e.getMessage());
          window = null;
        }
        out.computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
            .add(
                new FamilyContact(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    blankToNull(rs.getString(4)),
                    window,
                    rs.getBoolean(6)));
      }
    }
    Map<String, List<FamilyContact>> frozen = new HashMap<>();
    out.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return Map.copyOf(frozen);
  }

  /** {@code caregiver,supervisor} to roles. */
  static Set<Role> roles(String text) {
    Set<Role> out = EnumSet.noneOf(Role.class);
    for (String w : words(text)) {
      out.add(Role.valueOf(w.toUpperCase(Locale.ROOT)));
    }
    return out;
  }

  /** {@code 19:00-07:00; 07:00-19:00 sat,sun} to shifts. */
  static List<Shift> shifts(String text) {
    List<Shift> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String part : text.split(";")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      String[] hoursAndDays = p.split("\\s+", 2);
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      if (hoursAndDays.length > 1) {
        for (String d : hoursAndDays[1].split(",")) {
          days.add(day(d.strip()));
        }
      }
      out.add(new Shift(DailyWindow.parse(hoursAndDays[0]), days));
    }
    return out;
  }

  private static DayOfWeek day(String d) {
    for (DayOfWeek w : DayOfWeek.values()) {
      if (w.name().substring(0, 3).equalsIgnoreCase(d)) {
        return w;
      }
    }
    throw new IllegalArgumentException("not a day (mon..sun): " + d);
  }

  static Set<String> words(String text) {
    Set<String> out = new LinkedHashSet<>();
    if (text != null) {
      Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
