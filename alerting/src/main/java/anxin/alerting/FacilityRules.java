package anxin.alerting;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rule configuration of one facility (DESIGN §4), as data. Defaults, units and descriptions
 * live in {@link RuleSetting}; {@link #defaults()} and {@link #parse(Map)} build from them. The
 * constructor checks every value and reports every problem at once ({@link InvalidRulesException}).
 *
 * @param zone time zone of the local-time windows
 * @param nightStart start of the night window (inclusive)
 * @param nightEnd end of the night window (exclusive); before {@code nightStart} means the window
 *     crosses midnight
 * @param exitDoors door names ({@code data.door}) that count as exits; empty disables night exit
 * @param nightExitGrace time an exit door may stay open at night before night exit fires
 * @param fallCancelWindow a {@code fall_cancel} at most this long after the fall cancels it
 * @param repeatedFallWindow falls of one resident at most this far apart are noted as repeated
 * @param doorLeftOpen time any door may stay open before door left open fires
 * @param notBackInBed time after a night {@code bed_exit} before not back in bed fires
 * @param inactivityAfter inactivity time, counted only inside the day window, before inactivity
 *     fires
 * @param dayStart start of the day window (inclusive)
 * @param dayEnd end of the day window (exclusive); after {@code dayStart}
 * @param heartbeat heartbeat interval of devices without an override
 * @param silentHeartbeats device silent fires after this many heartbeat intervals without a message
 * @param gatewaySilent gateway offline fires after this long without a status
 * @param batteryLowPercent battery low fires at or below this percentage
 * @param lateAfter an in-order event older than this is marked delayed too
 * @param carePlans care plans by resident id; residents not present have {@link CarePlan#NONE}
 * @param heartbeatOverrides heartbeat intervals by device id
 */
public record FacilityRules(
    ZoneId zone,
    LocalTime nightStart,
    LocalTime nightEnd,
    Set<String> exitDoors,
    Duration nightExitGrace,
    Duration fallCancelWindow,
    Duration repeatedFallWindow,
    Duration doorLeftOpen,
    Duration notBackInBed,
    Duration inactivityAfter,
    LocalTime dayStart,
    LocalTime dayEnd,
    Duration heartbeat,
    int silentHeartbeats,
    Duration gatewaySilent,
    int batteryLowPercent,
    Duration lateAfter,
    Map<String, CarePlan> carePlans,
    Map<String, Duration> heartbeatOverrides) {

  private static final FacilityRules DEFAULTS = parse(Map.of());

  public FacilityRules {
    List<String> problems = new ArrayList<>();
    requireSet(problems, RuleSetting.ZONE, zone);
    requireSet(problems, RuleSetting.NIGHT_START, nightStart);
    requireSet(problems, RuleSetting.NIGHT_END, nightEnd);
    requireSet(problems, RuleSetting.EXIT_DOORS, exitDoors);
    requirePositive(problems, RuleSetting.NIGHT_EXIT_GRACE, nightExitGrace);
    requirePositive(problems, RuleSetting.FALL_CANCEL_WINDOW, fallCancelWindow);
    requirePositive(problems, RuleSetting.REPEATED_FALL_WINDOW, repeatedFallWindow);
    requirePositive(problems, RuleSetting.DOOR_LEFT_OPEN, doorLeftOpen);
    requirePositive(problems, RuleSetting.NOT_BACK_IN_BED, notBackInBed);
    requirePositive(problems, RuleSetting.INACTIVITY_AFTER, inactivityAfter);
    requireSet(problems, RuleSetting.DAY_START, dayStart);
    requireSet(problems, RuleSetting.DAY_END, dayEnd);
    requirePositive(problems, RuleSetting.HEARTBEAT, heartbeat);
    requirePositive(problems, RuleSetting.GATEWAY_SILENT, gatewaySilent);
    requirePositive(problems, RuleSetting.LATE_AFTER, lateAfter);
    if (nightStart != null && nightStart.equals(nightEnd)) {
      problems.add("night.start and night.end are both " + nightStart + ": the night is empty");
    }
    if (dayStart != null && dayEnd != null && !dayStart.isBefore(dayEnd)) {
      problems.add(
          "inactivity.day.start " + dayStart + " is not before inactivity.day.end " + dayEnd);
    }
    if (silentHeartbeats < 1) {
      problems.add("device.silent-heartbeats must be at least 1: " + silentHeartbeats);
    }
    if (batteryLowPercent < 0 || batteryLowPercent > 100) {
      problems.add("battery.low-percent out of range 0..100: " + batteryLowPercent);
    }
    carePlans = carePlans == null ? Map.of() : Map.copyOf(carePlans);
    heartbeatOverrides = heartbeatOverrides == null ? Map.of() : Map.copyOf(heartbeatOverrides);
    heartbeatOverrides.forEach(
        (device, d) -> {
          if (d.isNegative() || d.isZero()) {
            problems.add("device." + device + ".heartbeat must be positive: " + d);
          }
        });
    if (!problems.isEmpty()) {
      throw new InvalidRulesException(problems);
    }
    exitDoors = Set.copyOf(exitDoors);
  }

  /** Every setting at its default, no care plans, no heartbeat overrides. */
  public static FacilityRules defaults() {
    return DEFAULTS;
  }

  /**
   * Reads a flat key/value configuration: the {@link RuleSetting} keys (absent keys keep their
   * default), {@code resident.<id>.care} = comma-separated flags {@code wandering_risk}, {@code
   * lives_alone}, {@code fall_risk} (or empty), and {@code device.<id>.heartbeat} = duration.
   *
   * @throws InvalidRulesException listing every unknown key, unreadable value and invalid value
   */
  public static FacilityRules parse(Map<String, String> settings) {
    return RulesParser.parse(settings);
  }

  /** The resident's care plan; {@link CarePlan#NONE} for null or unknown residents. */
  public CarePlan carePlan(String resident) {
    CarePlan plan = resident == null ? null : carePlans.get(resident);
    return plan == null ? CarePlan.NONE : plan;
  }

  /** True when some resident of the facility is flagged wandering-risk. */
  public boolean anyWanderingRisk() {
    for (CarePlan plan : carePlans.values()) {
      if (plan.wanderingRisk()) {
        return true;
      }
    }
    return false;
  }

  /** The device's heartbeat interval: its override, else {@link #heartbeat()}. */
  public Duration heartbeatOf(String device) {
    Duration d = heartbeatOverrides.get(device);
    return d == null ? heartbeat : d;
  }

  /** How long a device may be silent before device silent fires. */
  public Duration silentAfter(String device) {
    return heartbeatOf(device).multipliedBy(silentHeartbeats);
  }

  private static void requireSet(List<String> problems, RuleSetting s, Object value) {
    if (value == null) {
      problems.add(s.key() + " is missing");
    }
  }

  private static void requirePositive(List<String> problems, RuleSetting s, Duration value) {
    if (value == null) {
      problems.add(s.key() + " is missing");
    } else if (value.isNegative() || value.isZero()) {
      problems.add(s.key() + " must be positive: " + value);
    }
  }
}
