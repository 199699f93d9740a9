package anxin.ingest.jdbc;

import static anxin.ingest.jdbc.Databases.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.ingest.Device;
import anxin.ingest.registry.TokenHash;
import anxin.testing.Postgres;
import anxin.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestServices.class)
class JdbcDeviceRegistryIT {

  private static final String TOKEN = "tok-4f9c2d7e8a1b3c5d6e7f8091a2b3c4d5";
  private static final byte[] PSK = "psk-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  private final Postgres server;
  private final PskCipher cipher = new PskCipher(key());
  private Postgres db;
  private Database database;
  private JdbcProvisioning provisioning;

  JdbcDeviceRegistryIT(Postgres server) {
    this.server = server;
  }

  @BeforeEach
  void provision() throws Exception {
    db = server.freshDatabase();
    database = Databases.open(db);
    provisioning = new JdbcProvisioning(database.dataSource(), cipher);
    provisioning.upsertFacility("sunrise", "Sunrise Care Home", "Xihu", "Hangzhou", null);
    provisioning.upsertDevice(device("btn-1", "101"), TOKEN, null);
    provisioning.upsertDevice(device("fall-1", "102"), null, PSK);
    provisioning.upsertDevice(device("door-1", null), null, null);
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }

  @Test
  void start_provisionedDevices_areFoundWithTheirFields() throws Exception {
    try (JdbcDeviceRegistry registry = start(Duration.ofSeconds(60))) {
      assertThat(registry.size()).isEqualTo(3);
      assertThat(registry.find("btn-1")).contains(device("btn-1", "101"));
      assertThat(registry.find("door-1")).contains(device("door-1", null));
      assertThat(registry.facilityOf("fall-1")).contains("sunrise");
      assertThat(registry.find("nobody")).isEmpty();
    }
  }

  @Test
  void findByToken_matchesByHash_andThePlainTokenIsNotStored() throws Exception {
    try (JdbcDeviceRegistry registry = start(Duration.ofSeconds(60))) {
      assertThat(registry.findByToken(TOKEN).map(Device::id)).contains("btn-1");
      assertThat(registry.findByToken(TOKEN + "x")).isEmpty();
    }

    try (Connection c = db.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FILTER (WHERE d::text LIKE '%' || ? || '%'),"
                    + " count(*) FILTER (WHERE token_sha256 = ?) FROM device d")) {
      s.setString(1, TOKEN);
      s.setString(2, TokenHash.of(TOKEN));
      var rs = s.executeQuery();
      rs.next();
      assertThat(rs.getLong(1)).as("rows containing the plain token").isZero();
      assertThat(rs.getLong(2)).as("rows with its hash").isEqualTo(1);
    }
  }

  @Test
  void pskOf_roundTrips_andThePlainPskIsNotStored() throws Exception {
    try (JdbcDeviceRegistry registry = start(Duration.ofSeconds(60))) {
      assertThat(registry.pskOf("fall-1")).hasValueSatisfying(k -> assertThat(k).isEqualTo(PSK));
      assertThat(registry.pskOf("btn-1")).isEmpty();
      registry.pskOf("fall-1").ifPresent(k -> Arrays.fill(k, (byte) 0));
      assertThat(registry.pskOf("fall-1")).hasValueSatisfying(k -> assertThat(k).isEqualTo(PSK));
    }

    try (Connection c = db.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT position(?::bytea IN psk_enc), length(psk_enc) FROM device"
                    + " WHERE id = 'fall-1'")) {
      s.setBytes(1, PSK);
      var rs = s.executeQuery();
      rs.next();
      assertThat(rs.getInt(1)).as("position of the plain PSK").isZero();
      assertThat(rs.getInt(2)).isEqualTo(12 + PSK.length + 16);
    }
  }

  @Test
  void changesMadeInSql_areSeenWithinSeconds() throws Exception {
    try (JdbcDeviceRegistry registry = start(Duration.ofSeconds(60))) {
      Databases.execute(
          db,
          "INSERT INTO device (id, facility_id, kind, room) VALUES"
              + " ('bed-9', 'sunrise', 'bed_sensor', '109')");
      awaitUntil(() -> registry.find("bed-9").isPresent());
      assertThat(registry.find("bed-9").map(Device::heartbeat)).contains(Duration.ofMinutes(5));

      Databases.execute(db, "UPDATE device SET room = '110', heartbeat_s = 60 WHERE id = 'bed-9'");
      awaitUntil(() -> registry.find("bed-9").map(Device::room).equals(Optional.of("110")));
      assertThat(registry.find("bed-9").map(Device::heartbeat)).contains(Duration.ofMinutes(1));

      Databases.execute(db, "UPDATE device SET active = false WHERE id = 'btn-1'");
      awaitUntil(() -> registry.find("btn-1").isEmpty());
      assertThat(registry.findByToken(TOKEN)).isEmpty();

      provisioning.upsertDevice(device("btn-1", "101"), null, null); // reactivates, keeps token
      awaitUntil(() -> registry.find("btn-1").isPresent());
      assertThat(registry.findByToken(TOKEN).map(Device::id)).contains("btn-1");
    }
  }

  @Test
  void listenerConnectionTerminated_reconnectsAndSeesLaterChanges() throws Exception {
    try (JdbcDeviceRegistry registry = start(Duration.ofSeconds(60));
        Connection admin = server.connect()) {
      Databases.terminateSessions(admin, db);

      Databases.execute(
          db,
          "INSERT INTO device (id, facility_id, kind) VALUES ('motion-3', 'sunrise', 'motion')");

      awaitUntil(() -> registry.find("motion-3").isPresent());
      assertThat(registry.size()).isEqualTo(4);
    }
  }

  @Test
  void changeWithoutNotification_isSeenAtTheFullReload() throws Exception {
    try (JdbcDeviceRegistry registry = start(Duration.ofSeconds(1))) {
      Databases.execute(
          db,
          "BEGIN; ALTER TABLE device DISABLE TRIGGER device_notify;"
              + " INSERT INTO device (id, facility_id, kind) VALUES ('quiet-1', 'sunrise', 'door');"
              + " ALTER TABLE device ENABLE TRIGGER device_notify; COMMIT");
      assertThat(queryLong(db, "SELECT count(*) FROM device WHERE id = 'quiet-1'")).isEqualTo(1);

      awaitUntil(() -> registry.find("quiet-1").isPresent());
    }
  }

  private JdbcDeviceRegistry start(Duration fullReload) throws Exception {
    return JdbcDeviceRegistry.start(database.dataSource(), cipher, fullReload);
  }

  private static void awaitUntil(java.util.concurrent.Callable<Boolean> condition) {
    await().atMost(10, TimeUnit.SECONDS).until(condition);
  }

  private static Device device(String id, String room) {
    return new Device(id, "sunrise", "panic_button", room, "res-" + id, Duration.ofMinutes(5));
  }

  private static byte[] key() {
    byte[] key = new byte[PskCipher.KEY_BYTES];
    Arrays.fill(key, (byte) 0x5a);
    return key;
  }
}
