package anxin.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import anxin.testing.ServiceChooser.ContainerMqtt;
import anxin.testing.ServiceChooser.ContainerPostgres;
import anxin.testing.ServiceChooser.EmbeddedMqtt;
import anxin.testing.ServiceChooser.EmbeddedPostgres;
import anxin.testing.ServiceChooser.ExternalMqtt;
import anxin.testing.ServiceChooser.ExternalPostgres;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class ServiceChooserTest {

  private static final BooleanSupplier NO_DOCKER = () -> false;
  private static final BooleanSupplier DOCKER = () -> true;
  private static final BooleanSupplier MUST_NOT_ASK =
      () -> {
        throw new AssertionError("Docker must not be consulted when a variable names the service");
      };

  @Test
  void postgres_noVariableNoDocker_choosesEmbedded() {
    var choice = new ServiceChooser(Map.of(), NO_DOCKER).postgres();

    assertThat(choice).isInstanceOf(EmbeddedPostgres.class);
    assertThat(choice.reason()).isEqualTo("no ANXIN_TEST_PG_URL, no Docker");
  }

  @Test
  void postgres_noVariableWithDocker_choosesTimescaleContainer() {
    var choice = new ServiceChooser(Map.of(), DOCKER).postgres();

    assertThat(choice)
        .isEqualTo(
            new ContainerPostgres(
                "timescale/timescaledb:2.17.2-pg16", "no ANXIN_TEST_PG_URL, Docker available"));
  }

  @Test
  void postgres_imageVariable_overridesContainerImage() {
    var env = Map.of("ANXIN_TEST_PG_IMAGE", "postgres:17");

    var choice = new ServiceChooser(env, DOCKER).postgres();

    assertThat(((ContainerPostgres) choice).image()).isEqualTo("postgres:17");
  }

  @Test
  void postgres_urlVariable_choosesExternalWithoutAskingDocker() {
    var env = Map.of("ANXIN_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    var choice = (ExternalPostgres) new ServiceChooser(env, MUST_NOT_ASK).postgres();

    assertThat(choice.url().text())
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    assertThat(choice.user()).isEqualTo("postgres");
    assertThat(choice.password()).isEmpty();
    assertThat(choice.reason())
        .isEqualTo("ANXIN_TEST_PG_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  }

  @Test
  void postgres_urlWithoutUser_defaultsToPostgres() {
    var env = Map.of("ANXIN_TEST_PG_URL", "jdbc:postgresql://db.local/anxin?sslmode=disable");

    var choice = (ExternalPostgres) new ServiceChooser(env, MUST_NOT_ASK).postgres();

    assertThat(choice.user()).isEqualTo("postgres");
    assertThat(choice.url().text())
        .isEqualTo("jdbc:postgresql://db.local/anxin?sslmode=disable&user=postgres");
  }

  @Test
  void postgres_userAndPasswordVariables_overrideUrl() {
    var env =
        Map.of(
            "ANXIN_TEST_PG_URL", "jdbc:postgresql://h:5433/d?user=a&password=x",
            "ANXIN_TEST_PG_USER", "anxin",
            "ANXIN_TEST_PG_PASSWORD", "s3cret");

    var choice = (ExternalPostgres) new ServiceChooser(env, MUST_NOT_ASK).postgres();

    assertThat(choice.user()).isEqualTo("anxin");
    assertThat(choice.password()).isEqualTo("s3cret");
    assertThat(choice.url().text()).isEqualTo("jdbc:postgresql://h:5433/d?user=anxin");
  }

  @Test
  void postgres_passwordInUrl_isKeptOutOfUrlReasonAndToString() {
    var env = Map.of("ANXIN_TEST_PG_URL", "jdbc:postgresql://h/d?user=a&password=hunter2");

    var choice = (ExternalPostgres) new ServiceChooser(env, MUST_NOT_ASK).postgres();

    assertThat(choice.password()).isEqualTo("hunter2");
    assertThat(choice.url().text()).doesNotContain("hunter2");
    assertThat(choice.reason())
        .isEqualTo("ANXIN_TEST_PG_URL=jdbc:postgresql://h/d?user=a&password=***");
    assertThat(choice.toString()).doesNotContain("hunter2");
  }

  @Test
  void postgres_blankVariable_isTreatedAsUnset() {
    var env = Map.of("ANXIN_TEST_PG_URL", "  ");

    var choice = new ServiceChooser(env, NO_DOCKER).postgres();

    assertThat(choice).isInstanceOf(EmbeddedPostgres.class);
  }

  @Test
  void postgres_malformedUrl_failsNamingVariableWithoutPassword() {
    var env = Map.of("ANXIN_TEST_PG_URL", "postgres://h/d?password=hunter2");

    assertThatThrownBy(() -> new ServiceChooser(env, MUST_NOT_ASK).postgres())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("ANXIN_TEST_PG_URL=postgres://h/d?password=*** is not")
        .hasMessageContaining("jdbc:postgresql://")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void mqtt_urlVariable_choosesExternalWithoutAskingDocker() {
    var env = Map.of("ANXIN_TEST_MQTT_URL", "tcp://127.0.0.1:1883");

    var choice = (ExternalMqtt) new ServiceChooser(env, MUST_NOT_ASK).mqtt();

    assertThat(choice.endpoint()).isEqualTo(new MqttEndpoint("127.0.0.1", 1883, "external"));
    assertThat(choice.reason()).isEqualTo("ANXIN_TEST_MQTT_URL=tcp://127.0.0.1:1883");
  }

  @Test
  void mqtt_urlWithoutPort_defaultsTo1883() {
    var env = Map.of("ANXIN_TEST_MQTT_URL", "tcp://broker.local");

    var choice = (ExternalMqtt) new ServiceChooser(env, MUST_NOT_ASK).mqtt();

    assertThat(choice.endpoint().serverUri()).isEqualTo("tcp://broker.local:1883");
  }

  @Test
  void mqtt_ipv6Url_keepsBracketsOnlyInServerUri() {
    var env = Map.of("ANXIN_TEST_MQTT_URL", "tcp://[::1]:1884");

    var broker = ((ExternalMqtt) new ServiceChooser(env, MUST_NOT_ASK).mqtt()).endpoint();

    assertThat(broker.host()).isEqualTo("::1");
    assertThat(broker.port()).isEqualTo(1884);
    assertThat(broker.serverUri()).isEqualTo("tcp://[::1]:1884");
  }

  @Test
  void mqtt_notTcpUrl_failsNamingVariableAndValue() {
    var env = Map.of("ANXIN_TEST_MQTT_URL", "mqtt://127.0.0.1:1883");

    assertThatThrownBy(() -> new ServiceChooser(env, MUST_NOT_ASK).mqtt())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "ANXIN_TEST_MQTT_URL=mqtt://127.0.0.1:1883 is not an MQTT URL:"
                + " expected tcp://host[:port]");
  }

  @Test
  void mqtt_noVariable_choosesContainerOrEmbeddedByDocker() {
    assertThat(new ServiceChooser(Map.of(), DOCKER).mqtt())
        .isEqualTo(
            new ContainerMqtt(
                "hivemq/hivemq-ce:2025.5", "no ANXIN_TEST_MQTT_URL, Docker available"));
    assertThat(new ServiceChooser(Map.of(), NO_DOCKER).mqtt())
        .isEqualTo(new EmbeddedMqtt("no ANXIN_TEST_MQTT_URL, no Docker"));
  }

  @Test
  void choices_externalPostgresEmbeddedMqtt_areIndependent() {
    var chooser =
        new ServiceChooser(
            Map.of("ANXIN_TEST_PG_URL", "jdbc:postgresql://127.0.0.1/test"), NO_DOCKER);

    assertThat(chooser.postgres()).isInstanceOf(ExternalPostgres.class);
    assertThat(chooser.mqtt()).isInstanceOf(EmbeddedMqtt.class);
  }

  @Test
  void dockerCheck_bothServicesUnset_isAskedOnce() {
    var asked = new AtomicInteger();
    var chooser = new ServiceChooser(Map.of(), () -> asked.incrementAndGet() < 0);

    chooser.postgres();
    chooser.mqtt();

    assertThat(asked).hasValue(1);
  }
}
