package anxin.platform.server;

import anxin.ingest.Device;
import anxin.platform.access.Principal;
import anxin.platform.access.Role;
import anxin.platform.config.ConfigLoader;
import anxin.testing.MqttBroker;
import anxin.testing.Postgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A platform on the test's PostgreSQL (a fresh database) and broker, with two facilities: {@code
 * fa} (county A, device {@code fa-pb-1} of resident {@code fa-res-1} in room 101) and {@code fb}
 * (county B, device {@code fb-pb-1}), and tokens: caregiver of fa, caregiver of fb, bureau of the
 * region, and the county-A bureau.
 */
public final class PlatformRig implements AutoCloseable {

  public final Platform platform;
  public final Map<String, String> tokens = new HashMap<>();
  public final String base;
  private final HttpClient http = HttpClient.newHttpClient();
  private final MqttClient devices;
  private long seq = 1;

  public PlatformRig(Postgres server, MqttBroker broker, Path dataDir) throws Exception {
    Postgres db = server.freshDatabase();
    Map<String, String> values = new HashMap<>();
    values.put("database.url", db.jdbcUrl());
    values.put("database.user", db.user());
    values.put("database.password", db.password());
    values.put("mqtt.url", broker.serverUri());
    String run = UUID.randomUUID().toString().substring(0, 8);
    values.put("mqtt.client-id", "it-" + run);
    // Its own share group and a short session: on a shared broker, sessions left by earlier
    // tests in the same group would take their share of this test's events.
    values.put("mqtt.share-group", "it-" + run);
    values.put("mqtt.session-expiry", "30s");
    values.put("http.port", "0");
    values.put("data-dir", dataDir.toString());
    values.put("ingest.coap.dtls-port", "0");
    platform = Platform.start(ConfigLoader.fromValues(values, Map.of()), Clock.systemUTC());
    base = "http://127.0.0.1:" + platform.httpPort();
    provision();
    devices =
        new MqttClient(
            broker.serverUri(), "it-devices-" + UUID.randomUUID(), new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    devices.connect(o);
  }

  private void provision() throws Exception {
    var p = platform.provisioning();
    p.upsertFacility("fa", "Home A", "County A", "Region", "Asia/Shanghai");
    p.upsertFacility("fb", "Home B", "County B", "Region", "Asia/Shanghai");
    p.upsertDevice(
        new Device("fa-pb-1", "fa", "panic_button", "101", "fa-res-1", Duration.ofMinutes(5)),
        null,
        null);
    p.upsertDevice(
        new Device("fb-pb-1", "fb", "panic_button", "201", "fb-res-1", Duration.ofMinutes(5)),
        null,
        null);
    try (Connection c = platform.database().dataSource().getConnection()) {
      exec(
          c,
          "INSERT INTO resident (id, facility_id, display_name, room) VALUES ('fa-res-1', 'fa', 'Zhang Xiuying', '101')");
      exec(
          c,
          "INSERT INTO resident (id, facility_id, display_name, room) VALUES ('fb-res-1', 'fb', 'Li Guilan', '201')");
      exec(c, "INSERT INTO room_zone VALUES ('fa', '101', 'A'), ('fb', '201', 'A')");
      exec(
          c,
          "INSERT INTO staff (id, facility_id, roles, zones, shifts) VALUES"
              + " ('fa-cg', 'fa', 'caregiver', 'A', '00:00-12:00; 12:00-00:00'),"
              + " ('fb-cg', 'fb', 'caregiver', 'A', '00:00-12:00; 12:00-00:00')");
    }
    platform.directory().reload();
    var t = platform.tokens();
    tokens.put(
        "fa",
        t.create(new Principal("fa caregiver", Role.CAREGIVER, "fa-cg", Set.of("fa"), null, null)));
    tokens.put(
        "fb",
        t.create(new Principal("fb caregiver", Role.CAREGIVER, "fb-cg", Set.of("fb"), null, null)));
    tokens.put(
        "region",
        t.create(new Principal("region bureau", Role.BUREAU, null, Set.of(), "Region", null)));
    tokens.put(
        "countyA",
        t.create(
            new Principal("county A bureau", Role.BUREAU, null, Set.of(), "Region", "County A")));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while ((platform.ingest().registry().size() < 2 || !platform.ingest().mqtt().isSubscribed())
        && System.nanoTime() < deadline) {
      Thread.sleep(20); // the registry reloads on the database's notification
    }
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.executeUpdate();
    }
  }

  /** A device publishes an event of {@code type} on its topic, QoS 1. */
  public void publish(String facility, String device, String type) throws Exception {
    publish(facility, device, type, "");
  }

  /**
   * As {@link #publish(String, String, String)}, with more envelope members, e.g. {@code
   * ,"bat":40}.
   */
  public void publish(String facility, String device, String type, String more) throws Exception {
    String payload =
        "{\"v\":1,\"dev\":\""
            + device
            + "\",\"seq\":"
            + (seq++)
            + ",\"type\":\""
            + type
            + "\""
            + more
            + "}";
    MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    devices.publish("anxin/v1/" + facility + "/" + device + "/event", m);
  }

  public HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(String path, String token, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> postCsv(String path, String token, String csv) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "text/csv; charset=utf-8")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(csv))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> put(String path, String token, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    try {
      devices.disconnect();
      devices.close();
    } finally {
      platform.close();
    }
  }
}
