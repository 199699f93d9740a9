package anxin.bench.alerting;

import anxin.alerting.CarePlan;
import anxin.alerting.FacilityRules;
import anxin.alerting.Observation;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A stream of observations as the alerting core receives them from a few care homes, on a clock
 * that advances with every event. Each resident has five devices (motion sensor, bed sensor, room
 * door, fall sensor, panic button) and each facility one exit door; every device counts its own
 * {@code seq} up from 1. The mix per event: 50 % heartbeats from any device, 35 % motion, 7 % doors
 * (open and close in turn, a few on the exit door), 7 % bed exits and returns in turn, 0.75 % falls
 * and 0.25 % panics. The clock starts at 06:00 in Shanghai and advances 1-39 ms per event (20 ms on
 * average, 50 events/s), so a long run crosses the day and night windows of the rules. Devices
 * other than panic buttons stamp {@code ts} 0-299 ms before receipt. Deterministic for a seed; not
 * thread-safe.
 */
public final class CareHomeMix {

  /** Share of events that are falls or panics. */
  public static final double ALARM_SHARE = 0.01;

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final Instant START =
      LocalDateTime.parse("2026-03-10T06:00:00").atZone(SHANGHAI).toInstant();

  private static final int PIR = 0;
  private static final int BED = 1;
  private static final int DOOR = 2;
  private static final int FALL = 3;
  private static final int BUTTON = 4;
  private static final String[] KINDS = {
    "motion_sensor", "bed_sensor", "door_sensor", "fall_sensor", "panic_button"
  };
  private static final String[] SUFFIXES = {"pir", "bed", "door", "fall", "pb"};
  private static final Map<String, Object> ROOM_DOOR = Map.of(Event.DATA_DOOR, "room");
  private static final Map<String, Object> EXIT_DOOR = Map.of(Event.DATA_DOOR, "main");

  /** One device: where it is, whom it belongs to, its counter and its door or bed state. */
  private static final class Device {
    final String id;
    final String facility;
    final String kind;
    final String room;
    final String resident;
    final boolean clock;
    long seq = 1;
    boolean toggled;

    Device(String id, String facility, String kind, String room, String resident, boolean clock) {
      this.id = id;
      this.facility = facility;
      this.kind = kind;
      this.room = room;
      this.resident = resident;
      this.clock = clock;
    }
  }

  private final List<Device> all = new ArrayList<>();
  private final Device[][] residents;
  private final Device[] exits;
  private final FacilityRules rules;
  private final List<String> rooms = new ArrayList<>();
  private final SplittableRandom random;
  private long nowMillis = START.toEpochMilli();

  /**
   * @param facilities care homes, ids {@code home-1}, {@code home-2}, ...
   * @param residentsPerFacility residents per home, each in their own room
   * @param seed seeds the mix
   */
  public CareHomeMix(int facilities, int residentsPerFacility, long seed) {
    this.random = new SplittableRandom(seed);
    this.residents = new Device[facilities * residentsPerFacility][];
    this.exits = new Device[facilities];
    Map<String, CarePlan> plans = new HashMap<>();
    int n = 0;
    for (int f = 1; f <= facilities; f++) {
      String facility = "home-" + f;
      for (int r = 1; r <= residentsPerFacility; r++, n++) {
        String resident = "res-" + f + "-" + r;
        String room = "r-" + f + "-" + (100 + r);
        rooms.add(room);
        plans.put(resident, new CarePlan(r % 5 == 0, r % 4 == 0, r % 3 == 0));
        Device[] devices = new Device[KINDS.length];
        for (int k = 0; k < KINDS.length; k++) {
          String id = "h" + f + "-r" + r + "-" + SUFFIXES[k];
          devices[k] = new Device(id, facility, KINDS[k], room, resident, k != BUTTON);
          all.add(devices[k]);
        }
        residents[n] = devices;
      }
      exits[f - 1] = new Device("h" + f + "-exit", facility, "door_sensor", null, null, true);
      all.add(exits[f - 1]);
    }
    this.rules =
        new FacilityRules(
            SHANGHAI,
            FacilityRules.defaults().nightStart(),
            FacilityRules.defaults().nightEnd(),
            Set.of("main"),
            FacilityRules.defaults().nightExitGrace(),
            FacilityRules.defaults().fallCancelWindow(),
            FacilityRules.defaults().repeatedFallWindow(),
            FacilityRules.defaults().doorLeftOpen(),
            FacilityRules.defaults().notBackInBed(),
            FacilityRules.defaults().inactivityAfter(),
            FacilityRules.defaults().dayStart(),
            FacilityRules.defaults().dayEnd(),
            FacilityRules.defaults().heartbeat(),
            FacilityRules.defaults().silentHeartbeats(),
            FacilityRules.defaults().gatewaySilent(),
            FacilityRules.defaults().batteryLowPercent(),
            FacilityRules.defaults().lateAfter(),
            plans,
            Map.of());
  }

  /** Three homes of 40 residents: 603 devices. */
  public static CareHomeMix standard(long seed) {
    return new CareHomeMix(3, 40, seed);
  }

  /** The rules of every home: defaults in Shanghai, exit door {@code main}, the care plans. */
  public FacilityRules rules() {
    return rules;
  }

  /** Every room label, e.g. {@code r-1-101}. */
  public List<String> rooms() {
    return rooms;
  }

  /** Residents of every home. */
  public int residents() {
    return residents.length;
  }

  /** Devices of every home. */
  public int devices() {
    return all.size();
  }

  /** The mix's clock: the receipt time of the last observation, ms since the epoch. */
  public long nowMillis() {
    return nowMillis;
  }

  /**
   * Advances the clock and returns the next observation, received at the new {@link #nowMillis}.
   */
  public Observation next() {
    nowMillis += 1 + random.nextInt(39);
    double r = random.nextDouble();
    Device[] room = residents[random.nextInt(residents.length)];
    Device d;
    EventType type;
    Map<String, Object> data = Map.of();
    if (r < 0.50) {
      d = all.get(random.nextInt(all.size()));
      type = EventType.HEARTBEAT;
    } else if (r < 0.85) {
      d = room[PIR];
      type = EventType.MOTION;
    } else if (r < 0.92) {
      d = r < 0.9175 ? room[DOOR] : exits[random.nextInt(exits.length)];
      d.toggled = !d.toggled;
      type = d.toggled ? EventType.DOOR_OPEN : EventType.DOOR_CLOSE;
      data = d.room == null ? EXIT_DOOR : ROOM_DOOR;
    } else if (r < 1 - ALARM_SHARE) {
      d = room[BED];
      d.toggled = !d.toggled;
      type = d.toggled ? EventType.BED_EXIT : EventType.BED_RETURN;
    } else if (r < 1 - ALARM_SHARE / 4) {
      d = room[FALL];
      type = EventType.FALL;
      data = Map.of(Event.DATA_CONFIDENCE, 0.7 + 0.29 * random.nextDouble());
    } else {
      d = room[BUTTON];
      type = EventType.PANIC;
    }
    Long ts = d.clock ? nowMillis - random.nextInt(300) : null;
    Event e =
        new Event(d.id, d.seq, type, ts, 40 + (int) (d.seq % 60), -60 - (int) (d.seq % 30), data);
    d.seq = Event.nextSeq(d.seq);
    return new Observation(
        e, d.facility, d.id, d.kind, d.room, d.resident, Instant.ofEpochMilli(nowMillis));
  }

  /** How far the clock moves on average per event. */
  public static Duration meanStep() {
    return Duration.ofMillis(20);
  }
}
