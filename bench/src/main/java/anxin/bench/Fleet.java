package anxin.bench;

import anxin.ingest.Device;
import anxin.ingest.node.IngestNode;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.sim.DeviceKind;
import anxin.protocol.sim.SimulatedDevice;
import anxin.protocol.topic.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The benchmark's devices, each with its own firmware counter ({@link SimulatedDevice}), and the
 * event mix they send: mostly heartbeats and motion, some doors and bed sensors, a few falls and
 * panics (which the pipeline never rate-limits).
 */
public final class Fleet {

  private final String facility;
  private final List<SimulatedDevice> sims = new ArrayList<>();
  private final List<Device> devices = new ArrayList<>();
  private final List<String> topics = new ArrayList<>();

  private Fleet(String facility) {
    this.facility = facility;
  }

  /** {@code size} devices of every kind in turn, ids {@code {prefix}-{i}-{kind}}. */
  public static Fleet create(String facility, String prefix, int size) {
    Fleet f = new Fleet(facility);
    DeviceKind[] kinds = DeviceKind.values();
    for (int i = 0; i < size; i++) {
      DeviceKind kind = kinds[i % kinds.length];
      String id = prefix + "-" + i + "-" + kind.idSuffix();
      Duration heartbeat = Duration.ofMinutes(5);
      f.sims.add(
          new SimulatedDevice(
              id, facility, kind, i / kinds.length + 1, heartbeat, 0, 60 + i % 40, -50 - i % 40));
      f.devices.add(
          new Device(
              id,
              facility,
              kind.name().toLowerCase(Locale.ROOT),
              Integer.toString(i / kinds.length + 1),
              null,
              heartbeat));
      f.topics.add(Topics.event(facility, id));
    }
    return f;
  }

  public String facility() {
    return facility;
  }

  public int size() {
    return sims.size();
  }

  public Device device(int i) {
    return devices.get(i);
  }

  public List<Device> devices() {
    return devices;
  }

  /**
   * Device {@code i}'s next telemetry event at {@code at}: a heartbeat (60 %) or motion (40 %), the
   * bulk of a care home's traffic, which opens no alert; the platform benchmark's rare alarms are
   * its probes.
   */
  public Event nextTelemetry(int i, Instant at, SplittableRandom random) {
    EventType type = random.nextDouble() < 0.6 ? EventType.HEARTBEAT : EventType.MOTION;
    return sims.get(i).emit(type, at, Map.of());
  }

  String topic(int i) {
    return topics.get(i);
  }

  /**
   * Device {@code i}'s next event at {@code at}, its type drawn from the mix. Not thread-safe per
   * device: each device must be driven by one thread.
   */
  public Event next(int i, Instant at, SplittableRandom random) {
    double r = random.nextDouble();
    EventType type;
    Map<String, Object> data = Map.of();
    if (r < 0.55) {
      type = EventType.HEARTBEAT;
    } else if (r < 0.90) {
      type = EventType.MOTION;
    } else if (r < 0.95) {
      type = r < 0.925 ? EventType.DOOR_OPEN : EventType.DOOR_CLOSE;
      data = Map.of(Event.DATA_DOOR, "main");
    } else if (r < 0.98) {
      type = r < 0.965 ? EventType.BED_EXIT : EventType.BED_RETURN;
    } else if (r < 0.995) {
      type = EventType.FALL;
      data = Map.of(Event.DATA_CONFIDENCE, 0.7 + 0.29 * random.nextDouble());
    } else {
      type = EventType.PANIC;
    }
    return sims.get(i).emit(type, at, data);
  }

  /**
   * Provisions the facility and every device in {@code db} through {@code node}: the facility
   * through its provisioning API, the devices in one statement (one registry reload).
   */
  public void provision(IngestNode node, ScratchDatabase db) throws SQLException {
    node.provisioning().upsertFacility(facility, "Bench home", "文山市", "文山州", "Asia/Shanghai");
    try (Connection c = db.connect();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO device (id, facility_id, kind, room, heartbeat_s)"
                    + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[],"
                    + " ?::int[])")) {
      s.setArray(1, c.createArrayOf("text", devices.stream().map(Device::id).toArray()));
      s.setArray(2, c.createArrayOf("text", devices.stream().map(Device::facility).toArray()));
      s.setArray(3, c.createArrayOf("text", devices.stream().map(Device::kind).toArray()));
      s.setArray(4, c.createArrayOf("text", devices.stream().map(Device::room).toArray()));
      s.setArray(5, c.createArrayOf("int4", devices.stream().map(d -> 300).toArray()));
      s.executeUpdate();
    }
  }
}
