package anxin.platform.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.testing.MqttBroker;
import anxin.testing.Postgres;
import anxin.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gateway statuses through the real broker into table {@code gateway_status}: stored, validated,
 * rejections counted at {@code /metrics}. Statuses are published without the retain flag and under
 * a gateway id of this run, so that nothing stays on a shared broker for other tests.
 */
@ExtendWith(TestServices.class)
class GatewayStatusIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private PlatformRig rig;
  private MqttClient gateway;
  private String gw;

  @BeforeEach
  void start(Postgres pg, MqttBroker broker, @TempDir Path dir) throws Exception {
    rig = new PlatformRig(pg, broker, dir);
    gw = "gw-" + UUID.randomUUID().toString().substring(0, 8);
    gateway = new MqttClient(broker.serverUri(), "it-" + gw, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    gateway.connect(o);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.disconnect();
    gateway.close();
    rig.close();
  }

  @Test
  void status_isStored_aBadOneIsRejectedAndCounted_theLastWillKeepsTheLastBacklog()
      throws Exception {
    publish(
        "fa",
        "{\"state\":\"online\",\"ver\":\"2.1.0\",\"queued\":12,\"evicted\":4,"
            + "\"local_alarms\":[{\"dev\":\"fa-pb-1\",\"seq\":7,\"type\":\"panic\"}]}");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(row("fa"))
                    .containsEntry("state", "online")
                    .containsEntry("version", "2.1.0")
                    .containsEntry("queued", 12L)
                    .containsEntry("evicted", 4L)
                    .containsEntry("alarms", 1));

    publish("fa", "{\"state\":\"online\",\"ver\":\"2.1.0\",\"queued\":-1}");
    publish("fa", "{\"state\":\"online\",\"ver\":\"" + "9".repeat(65) + "\",\"queued\":3}");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(rig.get("/metrics", null).body())
                    .contains("anxin_gateway_status_rejected_total{reason=\"bad_queued\"} 1.0")
                    .contains("anxin_gateway_status_rejected_total{reason=\"bad_version\"} 1.0"));
    assertThat(row("fa")).as("rejected statuses are not stored").containsEntry("queued", 12L);

    publish("fa", "{\"state\":\"offline\"}");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(row("fa"))
                    .containsEntry("state", "offline")
                    .containsEntry("version", "2.1.0")
                    .containsEntry("queued", 12L)
                    .containsEntry("alarms", null));
  }

  @Test
  void status_ofAFacilityNotProvisioned_isNotStored() throws Exception {
    publish("nowhere", "{\"state\":\"online\",\"ver\":\"2.1.0\",\"queued\":1}");
    publish("fb", "{\"state\":\"online\",\"ver\":\"2.1.0\",\"queued\":2}");

    await().atMost(WAIT).until(() -> !row("fb").isEmpty());
    assertThat(row("nowhere")).isEmpty();
  }

  private void publish(String facility, String json) throws Exception {
    MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    m.setRetained(false);
    gateway.publish("anxin/v1/" + facility + "/_gw/" + gw + "/status", m);
  }

  /** The gateway's row: state, version, queued, the number of local alarms (or null). */
  private Map<String, Object> row(String facility) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    try (Connection c = rig.platform.database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT state, version, queued, jsonb_array_length(local_alarms), evicted"
                    + " FROM gateway_status WHERE facility_id = ? AND gateway_id = ?")) {
      ps.setString(1, facility);
      ps.setString(2, gw);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          out.put("state", rs.getString(1));
          out.put("version", rs.getString(2));
          out.put("queued", rs.getObject(3));
          out.put("alarms", rs.getObject(4));
          out.put("evicted", rs.getObject(5));
        }
      }
    }
    return out;
  }
}
