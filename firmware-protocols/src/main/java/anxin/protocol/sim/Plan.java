package anxin.protocol.sim;

import anxin.protocol.EventType;
import anxin.protocol.Limits;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A scenario expanded into devices and a time-ordered timeline of emissions. Deterministic: the
 * same scenario and night give the same plan. A plan holds the devices' firmware state, so it is
 * run once.
 */
public final class Plan {

  private final List<SimulatedDevice> devices;
  private final List<Planned> timeline;
  private final Instant start;
  private final Instant end;

  private Plan(List<SimulatedDevice> devices, List<Planned> timeline, Instant start, Instant end) {
    this.devices = List.copyOf(devices);
    List<Planned> sorted = new ArrayList<>(timeline);
    sorted.sort(Comparator.comparing(Planned::at)); // stable: same-instant order kept
    this.timeline = List.copyOf(sorted);
    this.start = start;
    this.end = end;
  }

  /** Every device of the plan. */
  public List<SimulatedDevice> devices() {
    return devices;
  }

  /** Every emission, ordered by time. */
  public List<Planned> timeline() {
    return timeline;
  }

  public Instant start() {
    return start;
  }

  public Instant end() {
    return end;
  }

  /** The incidents' emissions only: the ground truth. */
  public List<Planned> incidents() {
    return timeline.stream().filter(p -> p.incident() != null).toList();
  }

  /**
   * This plan's emissions in {@code [from, until)} only: to start a demo just before the
   * interesting part of a night, or to run only its first hour. Devices are shared with this plan.
   */
  public Plan window(Instant from, Instant until) {
    List<Planned> kept =
        timeline.stream().filter(p -> !p.at().isBefore(from) && p.at().isBefore(until)).toList();
    return new Plan(
        devices, kept, from.isAfter(start) ? from : start, until.isBefore(end) ? until : end);
  }

  /** Several plans (facilities) run together on one timeline. */
  public static Plan merge(List<Plan> plans) {
    List<SimulatedDevice> devices = new ArrayList<>();
    List<Planned> timeline = new ArrayList<>();
    Instant start = Instant.MAX;
    Instant end = Instant.MIN;
    for (Plan p : plans) {
      devices.addAll(p.devices);
      timeline.addAll(p.timeline);
      start = p.start.isBefore(start) ? p.start : start;
      end = p.end.isAfter(end) ? p.end : end;
    }
    return new Plan(devices, timeline, start, end);
  }

  /**
   * Expands a scenario for the night that starts on {@code night} (local date of the scenario's
   * start time).
   */
  public static Plan of(Scenario s, LocalDate night) {
    return new Builder(s, night).build();
  }

  private static final class Builder {
    private final Scenario s;
    private final Random rnd;
    private final Instant start;
    private final Instant end;
    private final LocalDate night;
    private final Map<String, SimulatedDevice> devices = new LinkedHashMap<>();
    private final List<Planned> timeline = new ArrayList<>();

    Builder(Scenario s, LocalDate night) {
      this.s = s;
      this.night = night;
      this.rnd = new Random(s.seed());
      this.start = night.atTime(s.start()).atZone(s.zone()).toInstant();
      this.end = start.plus(s.duration());
    }

    Plan build() {
      for (int room = 1; room <= s.rooms(); room++) {
        for (DeviceKind k :
            List.of(
                DeviceKind.PANIC_BUTTON,
                DeviceKind.FALL_SENSOR,
                DeviceKind.BED_SENSOR,
                DeviceKind.MOTION_SENSOR)) {
          add(s.deviceId(room, k), k, room);
        }
      }
      for (String door : s.exitDoors()) {
        add(s.doorId(door), DeviceKind.DOOR_SENSOR, null);
      }
      devices.values().forEach(this::heartbeats);
      for (int room = 1; room <= s.rooms(); room++) {
        routine(room);
      }
      s.incidents().forEach(this::incident);
      return new Plan(new ArrayList<>(devices.values()), timeline, start, end);
    }

    private void add(String id, DeviceKind kind, Integer room) {
      // Firmware counters do not start at 0 on a device that has been running; the first motion
      // sensor sits just below the wrap so every run exercises 2^32-1 -> 0.
      long random = (rnd.nextLong() & Long.MAX_VALUE) % 100_000;
      long firstSeq =
          kind == DeviceKind.MOTION_SENSOR && room != null && room == 1
              ? Limits.MAX_SEQ - 2
              : random;
      double battery = 40 + rnd.nextInt(61);
      int rssi = -50 - rnd.nextInt(40);
      devices.put(
          id,
          new SimulatedDevice(
              id, s.facility(), kind, room, s.heartbeat(), firstSeq, battery, rssi));
    }

    private void heartbeats(SimulatedDevice d) {
      long periodMs = d.heartbeat().toMillis();
      Instant t = start.plusMillis((long) (rnd.nextDouble() * periodMs));
      for (; t.isBefore(end); t = t.plusMillis(periodMs)) {
        plan(t, d, EventType.HEARTBEAT, Map.of(), null);
      }
    }

    private void routine(int room) {
      SimulatedDevice pir = device(room, DeviceKind.MOTION_SENSOR);
      if (s.motionPerHour() > 0) {
        double meanMs = 3_600_000 / s.motionPerHour();
        Instant t = start;
        while (true) {
          t = t.plusMillis((long) (-Math.log(1 - rnd.nextDouble()) * meanMs));
          if (!t.isBefore(end)) {
            break;
          }
          plan(t, pir, EventType.MOTION, Map.of(), null);
        }
      }
      if (rnd.nextDouble() < s.bathroomTripsPerNight()) {
        long span = Math.max(1, s.duration().toMillis() - 20 * 60_000);
        Instant out = start.plusMillis((long) (rnd.nextDouble() * span));
        SimulatedDevice bed = device(room, DeviceKind.BED_SENSOR);
        plan(out, bed, EventType.BED_EXIT, Map.of(), null);
        plan(out.plusSeconds(40), pir, EventType.MOTION, Map.of(), null);
        plan(out.plusSeconds(180 + rnd.nextInt(540)), bed, EventType.BED_RETURN, Map.of(), null);
      }
    }

    private void incident(Incident i) {
      Instant t = at(i.at());
      String label = i.kindName() + " r" + String.format("%03d", i.room()) + " " + i.at();
      switch (i.kind()) {
        case PANIC ->
            plan(t, device(i.room(), DeviceKind.PANIC_BUTTON), EventType.PANIC, Map.of(), label);
        case FALL -> {
          SimulatedDevice fall = device(i.room(), DeviceKind.FALL_SENSOR);
          double conf = i.conf() == null ? 0.9 : i.conf();
          plan(t, fall, EventType.FALL, Map.of("conf", conf), label);
          if (i.cancelAfter() != null) {
            plan(t.plus(i.cancelAfter()), fall, EventType.FALL_CANCEL, Map.of(), label);
          }
        }
        case WANDER -> {
          SimulatedDevice bed = device(i.room(), DeviceKind.BED_SENSOR);
          SimulatedDevice door = door(i.door());
          Duration open = i.duration() == null ? Duration.ofMinutes(3) : i.duration();
          plan(t.minusSeconds(180), bed, EventType.BED_EXIT, Map.of(), label);
          plan(
              t.minusSeconds(120),
              device(i.room(), DeviceKind.MOTION_SENSOR),
              EventType.MOTION,
              Map.of(),
              label);
          plan(t, door, EventType.DOOR_OPEN, Map.of("door", doorName(i.door())), label);
          plan(t.plus(open), door, EventType.DOOR_CLOSE, Map.of("door", doorName(i.door())), label);
          plan(t.plus(open).plusSeconds(480), bed, EventType.BED_RETURN, Map.of(), label);
        }
        case OUT_OF_BED -> {
          SimulatedDevice bed = device(i.room(), DeviceKind.BED_SENSOR);
          plan(t, bed, EventType.BED_EXIT, Map.of(), label);
          Duration away = i.duration() == null ? Duration.ofMinutes(30) : i.duration();
          plan(t.plus(away), bed, EventType.BED_RETURN, Map.of(), label);
        }
        case DOOR_LEFT_OPEN -> {
          SimulatedDevice door = door(i.door());
          Duration open = i.duration() == null ? Duration.ofMinutes(20) : i.duration();
          plan(t, door, EventType.DOOR_OPEN, Map.of("door", doorName(i.door())), label);
          plan(t.plus(open), door, EventType.DOOR_CLOSE, Map.of("door", doorName(i.door())), label);
        }
        case BATTERY_LOW -> {
          SimulatedDevice d =
              device(i.room(), i.device() == null ? DeviceKind.PANIC_BUTTON : i.device());
          double to = i.battery() == null ? 14 : i.battery();
          timeline.add(new Planned(t, d, EventType.BATTERY_LOW, Map.of(), to, label));
        }
        case TAMPER -> {
          SimulatedDevice d =
              device(i.room(), i.device() == null ? DeviceKind.PANIC_BUTTON : i.device());
          plan(t, d, EventType.TAMPER, Map.of(), label);
        }
      }
    }

    private Instant at(LocalTime time) {
      LocalDate day = time.isBefore(s.start()) ? night.plusDays(1) : night;
      return day.atTime(time).atZone(s.zone()).toInstant();
    }

    private SimulatedDevice device(int room, DeviceKind kind) {
      SimulatedDevice d = devices.get(s.deviceId(room, kind));
      if (d == null) {
        throw new IllegalArgumentException(
            "scenario " + s.name() + ": no room " + room + " (rooms 1.." + s.rooms() + ")");
      }
      return d;
    }

    private String doorName(String door) {
      return door == null ? s.exitDoors().get(0) : door;
    }

    private SimulatedDevice door(String door) {
      SimulatedDevice d = devices.get(s.doorId(doorName(door)));
      if (d == null) {
        throw new IllegalArgumentException(
            "scenario "
                + s.name()
                + ": no exit door "
                + door
                + " (exitDoors "
                + s.exitDoors()
                + ")");
      }
      return d;
    }

    private void plan(
        Instant t, SimulatedDevice d, EventType type, Map<String, Object> data, String label) {
      timeline.add(new Planned(t, d, type, data, null, label));
    }
  }
}
