package anxin.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  private Path yaml(String text) throws Exception {
    return Files.writeString(dir.resolve("anxin.yaml"), text);
  }

  @Test
  void noFile_defaults_embeddedServices() throws Exception {
    PlatformConfig c = ConfigLoader.load(null, Map.of());
    assertThat(c.embeddedDatabase()).isTrue();
    assertThat(c.embeddedBroker()).isTrue();
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.origins().get("http.port")).isEqualTo("default");
  }

  @Test
  void nestedAndDottedKeys_environmentWins_variablesAreReplaced() throws Exception {
    Path f =
        yaml(
            """
            http:
              port: 9090
            database.url: jdbc:postgresql://db:5432/anxin
            database:
              password: ${DB_SECRET}
            mqtt:
              url: [tcp://a:1883, tcp://b:1883]
            rules:
              door.left-open: 20min
            """);
    PlatformConfig c =
        ConfigLoader.load(f, Map.of("DB_SECRET", "s3cret", "ANXIN_HTTP_PORT", "9191"));
    assertThat(c.httpPort()).isEqualTo(9191);
    assertThat(c.origins().get("http.port")).isEqualTo("environment ANXIN_HTTP_PORT");
    assertThat(c.databaseUrl()).isEqualTo("jdbc:postgresql://db:5432/anxin");
    assertThat(c.databasePassword()).isEqualTo("s3cret");
    assertThat(c.mqttUrls()).containsExactly("tcp://a:1883", "tcp://b:1883");
    assertThat(c.rules()).containsEntry("door.left-open", "20min");
    assertThat(ConfigLoader.masked(c.values())).containsEntry("database.password", "****");
  }

  @Test
  void everyProblemIsListedAtOnce() throws Exception {
    Path f =
        yaml(
            """
            http.prot: 80
            http.port: eighty
            database.url: mysql://x
            mqtt.url: http://broker
            database.password: ${MISSING}
            rules.door.left-open: soon
            escalation.p1.remind-every: often
            webhook.robot.format: carrier-pigeon
            """);
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .anyMatch(p -> p.contains("unknown key http.prot (did you mean http.port?)"))
                    .anyMatch(p -> p.startsWith("http.port is not a whole number"))
                    .anyMatch(p -> p.startsWith("database.url is not a PostgreSQL JDBC URL"))
                    .anyMatch(p -> p.contains("not a tcp:// or ssl:// broker URI: http://broker"))
                    .anyMatch(p -> p.contains("environment variable MISSING is not set"))
                    .anyMatch(p -> p.startsWith("rules.door.left-open"))
                    .anyMatch(p -> p.startsWith("escalation.p1.remind-every"))
                    .anyMatch(p -> p.contains("webhook.robot")));
  }

  @Test
  void referenceTable_listsEveryKeyWithItsEnvironmentVariable() {
    String table = ConfigKey.markdownTable();
    for (ConfigKey k : ConfigKey.values()) {
      assertThat(table).contains("`" + k.key() + "`").contains("`" + k.envName() + "`");
    }
    assertThat(ConfigKey.DATABASE_URL.envName()).isEqualTo("ANXIN_DATABASE_URL");
  }
}
