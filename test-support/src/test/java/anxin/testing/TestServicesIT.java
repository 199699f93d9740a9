package anxin.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestServices.class)
class TestServicesIT {

  private static final long TIMEOUT_SECONDS = 20;

  private final Postgres injected;

  TestServicesIT(Postgres injected) {
    this.injected = injected;
  }

  @Test
  void postgres_selectVersion_answers(Postgres pg) throws SQLException {
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select version()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).startsWith("PostgreSQL ");
    }
  }

  @Test
  void postgres_originAndUrl_matchEnvironment(Postgres pg) {
    boolean fromEnv = System.getenv("ANXIN_TEST_PG_URL") != null;

    assertThat(pg.origin()).isIn("external", "testcontainers", "embedded");
    assertThat(pg.origin().equals("external")).isEqualTo(fromEnv);
    assertThat(pg.jdbcUrl())
        .startsWith("jdbc:postgresql://")
        .contains("/" + pg.database())
        .contains("user=" + pg.user())
        .doesNotContain("password");
    assertThat(pg.port()).isBetween(1, 65535);
  }

  @Test
  void freshDatabase_twoCalls_giveEmptySeparateDatabases(Postgres pg) throws SQLException {
    Postgres first = pg.freshDatabase();
    Postgres second = pg.freshDatabase();

    assertThat(first.database()).matches("anxin_it_[0-9a-f]{12}").isNotEqualTo(second.database());
    assertThat(first.origin()).isEqualTo(pg.origin());
    assertThat(first.host()).isEqualTo(pg.host());
    assertThat(first.port()).isEqualTo(pg.port());
    assertThat(tableCount(first)).isZero();
    try (Connection c = first.connect();
        Statement s = c.createStatement()) {
      s.execute("create table only_in_first (id int primary key)");
    }
    assertThat(tableCount(first)).isEqualTo(1);
    assertThat(tableCount(second)).isZero();
    assertThat(currentDatabase(second)).isEqualTo(second.database());
  }

  @Test
  void staticAccessors_returnTheParameterServices(Postgres pg, MqttBroker broker) {
    assertThat(TestServices.postgres()).isSameAs(pg).isSameAs(injected);
    assertThat(TestServices.mqtt()).isSameAs(broker);
  }

  @Test
  void mqtt_originAndUri_matchEnvironment(MqttBroker broker) {
    boolean fromEnv = System.getenv("ANXIN_TEST_MQTT_URL") != null;

    assertThat(broker.origin()).isIn("external", "testcontainers", "embedded");
    assertThat(broker.origin().equals("external")).isEqualTo(fromEnv);
    assertThat(broker.serverUri()).isEqualTo("tcp://" + broker.host() + ":" + broker.port());
  }

  @Test
  void mqtt_publishQos1_subscriberReceivesExactBytes(MqttBroker broker) throws Exception {
    String topic = "anxin/it/" + UUID.randomUUID() + "/event";
    byte[] payload = new byte[256];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i; // every byte value, not valid UTF-8
    }
    BlockingQueue<MqttMessage> received = new ArrayBlockingQueue<>(8);
    MqttClient subscriber = client(broker, "sub");
    MqttClient publisher = client(broker, "pub");
    try {
      subscriber.setCallback(new Receiving(received));
      subscriber.connect(options());
      subscriber.subscribe(topic, 1);
      publisher.connect(options());

      publisher.publish(topic, payload, 1, false);

      MqttMessage message = received.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(message).as("message on %s within %d s", topic, TIMEOUT_SECONDS).isNotNull();
      assertThat(message.getPayload()).containsExactly(payload);
      assertThat(message.getQos()).isEqualTo(1);
    } finally {
      disconnect(publisher);
      disconnect(subscriber);
    }
  }

  private static MqttClient client(MqttBroker broker, String role) throws MqttException {
    String id = "anxin-it-" + role + "-" + UUID.randomUUID().toString().substring(0, 8);
    MqttClient client = new MqttClient(broker.serverUri(), id, new MemoryPersistence());
    client.setTimeToWait(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    return client;
  }

  private static MqttConnectionOptions options() {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setConnectionTimeout((int) TIMEOUT_SECONDS);
    options.setAutomaticReconnect(false);
    return options;
  }

  private static void disconnect(MqttClient client) throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }

  private static int tableCount(Postgres pg) throws SQLException {
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select count(*) from information_schema.tables where table_schema = 'public'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static String currentDatabase(Postgres pg) throws SQLException {
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select current_database()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Puts every message that arrives into a queue. */
  private static final class Receiving implements MqttCallback {
    private final BlockingQueue<MqttMessage> queue;

    Receiving(BlockingQueue<MqttMessage> queue) {
      this.queue = queue;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      queue.add(message);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {}

    @Override
    public void mqttErrorOccurred(MqttException exception) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
