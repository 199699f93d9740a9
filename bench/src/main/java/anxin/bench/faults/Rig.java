package anxin.bench.faults;

import anxin.bench.gateway.MosquittoProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every fault runs against: a private PostgreSQL, the platform's Mosquitto (persistent, so
 * that a clean restart keeps sessions and queues), the LAN's Mosquitto, the pager, and the platform
 * ({@code anxin serve}) as a child JVM, with one facility per fault provisioned through {@code
 * anxin import}: its devices, one resident each in room 1 of zone A, and one caregiver on duty
 * around the clock whose pager is the webhook {@code pager-<facility>} (path {@code /<facility>}).
 * Escalation is cut to its first step (P1: the zone's caregiver by webhook; P2 and P3: every
 * on-duty staff member by webhook), with no reminders, so the pages an alarm causes are exactly one
 * per alert.
 */
final class Rig implements AutoCloseable {

  final Path work;
  final PrivatePostgres postgres;
  MosquittoProcess broker;
  final MosquittoProcess lan;
  final PageRecorder pager;
  private final List<String> launcher;
  private final Path config;
  private final int httpPort;
  private PlatformProcess platform;

  Rig(
      Path work,
      Path pgBin,
      String mosquitto,
      List<String> launcher,
      Map<String, List<String>> devicesByFacility)
      throws IOException, InterruptedException {
    this.work = work;
    this.launcher = launcher;
    Files.createDirectories(work);
    postgres = PrivatePostgres.create(pgBin, work.resolve("postgres"), freePort());
    broker = MosquittoProcess.startPersistent(mosquitto, freePort(), work.resolve("mqtt-platform"));
    lan = MosquittoProcess.start(mosquitto, freePort(), work.resolve("mqtt-lan"));
    pager = new PageRecorder();
    httpPort = freePort();
    config = writeConfig(devicesByFacility.keySet());
    try {
      Path log = work.resolve("platform-commands.log");
      PlatformProcess.run(launcher, log, "migrate", "-c", config.toString());
      List<String> args = new ArrayList<>(List.of("import", "-c", config.toString()));
      for (Map.Entry<String, String> f : writeCsv(devicesByFacility).entrySet()) {
        args.addAll(List.of("--kind", f.getKey(), f.getValue()));
      }
      PlatformProcess.run(launcher, log, args.toArray(String[]::new));
      startPlatform();
    } catch (IOException | InterruptedException | RuntimeException e) {
      closeQuietly(); // no orphaned database or brokers
      throw e;
    }
  }

  void startPlatform() throws IOException, InterruptedException {
    platform = PlatformProcess.start(launcher, config, httpPort, work.resolve("platform.log"));
  }

  PlatformProcess platform() {
    return platform;
  }

  /** The platform's Prometheus endpoint. */
  String metricsUrl() {
    return "http://127.0.0.1:" + httpPort + "/metrics";
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Path writeConfig(Set<String> facilities) throws IOException {
    StringBuilder y = new StringBuilder();
    y.append("http:\n  host: 127.0.0.1\n  port: ").append(httpPort).append('\n');
    y.append("data-dir: \"").append(work.resolve("platform-data")).append("\"\n");
    y.append("database:\n  url: \"").append(postgres.jdbcUrl()).append("\"\n  user: postgres\n");
    y.append("mqtt:\n  url: \"").append(broker.uri()).append("\"\n  client-id: anxin-faults\n");
    // no CoAP in the suite: any free port, so that two runs (or a developer's platform) coexist
    y.append("ingest:\n  coap:\n    bind: 127.0.0.1\n    dtls-port: 0\n    port: -1\n");
    y.append("webhook:\n");
    for (String f : facilities) {
      y.append("  pager-").append(f).append(":\n");
      y.append("    url: \"").append(pager.url("/" + f)).append("\"\n    format: generic\n");
    }
    y.append(
        String.join(
            "\n",
            "escalation:",
            "  p1.step.1: \"0s; zone_caregivers; webhook\"",
            "  p1.step.2: \"\"",
            "  p1.step.3: \"\"",
            "  p1.remind-every: 0s",
            "  p2.step.1: \"0s; on_duty_staff; webhook\"",
            "  p2.step.2: \"\"",
            "  p2.step.3: \"\"",
            "  p2.remind-every: 0s",
            "  p3.step.1: \"0s; on_duty_staff; webhook\"",
            "  p3.digest-at: none",
            ""));
    Path f = work.resolve("anxin.yaml");
    Files.writeString(f, y.toString(), StandardCharsets.UTF_8);
    return f;
  }

  private Map<String, String> writeCsv(Map<String, List<String>> devicesByFacility)
      throws IOException {
    StringBuilder fac = new StringBuilder("id,name,zone\n");
    StringBuilder zones = new StringBuilder("facility,room,zone\n");
    StringBuilder res = new StringBuilder("id,facility,room\n");
    StringBuilder staff = new StringBuilder("id,facility,roles,zones,webhook,shifts\n");
    StringBuilder dev = new StringBuilder("id,facility,kind,room,resident,heartbeat\n");
    for (Map.Entry<String, List<String>> e : devicesByFacility.entrySet()) {
      String f = e.getKey();
      fac.append(f).append(",Fault ").append(f).append(",UTC\n");
      zones.append(f).append(",1,A\n");
      staff
          .append(f)
          .append("-cg,")
          .append(f)
          .append(",caregiver,A,pager-")
          .append(f)
          .append(",\"00:00-12:00; 12:00-00:00\"\n");
      for (String d : e.getValue()) {
        res.append(d).append("-r,").append(f).append(",1\n");
        dev.append(d).append(',').append(f).append(",panic_button,1,").append(d).append("-r,1h\n");
      }
    }
    Map<String, String> files = new java.util.LinkedHashMap<>();
    files.put("facilities", csv("facilities", fac));
    files.put("zones", csv("zones", zones));
    files.put("residents", csv("residents", res));
    files.put("staff", csv("staff", staff));
    files.put("devices", csv("devices", dev));
    return files;
  }

  private String csv(String name, StringBuilder body) throws IOException {
    Path f = work.resolve(name + ".csv");
    Files.writeString(f, body.toString(), StandardCharsets.UTF_8);
    return f.toString();
  }

  /** (device|seq) of every event stored for {@code facility}, and the row count. */
  Stored stored(String facility) throws SQLException {
    Set<String> keys = new HashSet<>();
    long rows = 0;
    try (Connection c = postgres.connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT device_id, seq FROM event WHERE facility_id = ?")) {
      ps.setString(1, facility);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(rs.getString(1) + "|" + rs.getLong(2));
          rows++;
        }
      }
    }
    return new Stored(keys, rows);
  }

  record Stored(Set<String> keys, long rows) {}

  /** Stored events of {@code facility}; -1 while the database cannot be reached. */
  long storedCount(String facility) {
    try (Connection c = postgres.connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM event WHERE facility_id = ?")) {
      ps.setString(1, facility);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      return -1;
    }
  }

  /** P1 alerts of {@code facility}: id → device|rule. */
  Map<String, String> p1Alerts(String facility) throws SQLException {
    Map<String, String> out = new HashMap<>();
    try (Connection c = postgres.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, device_id, rule FROM alert WHERE facility_id = ? AND severity = 'P1'")) {
      ps.setString(1, facility);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2) + "|" + rs.getString(3));
        }
      }
    }
    return out;
  }

  /** Outbox rows of {@code facility}'s alerts that are not delivered. */
  long undelivered(String facility) throws SQLException {
    try (Connection c = postgres.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM notification_outbox o JOIN alert a ON o.dedup_key LIKE a.id"
                    + " || '/%' WHERE a.facility_id = ? AND o.state <> 'delivered'")) {
      ps.setString(1, facility);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  void closeQuietly() {
    try {
      close();
    } catch (Exception e) {
      // stopping anyway
    }
  }

  @Override
  public void close() throws Exception {
    if (platform != null) {
      platform.close();
    }
    pager.close();
    lan.close();
    broker.close();
    postgres.close();
  }
}
