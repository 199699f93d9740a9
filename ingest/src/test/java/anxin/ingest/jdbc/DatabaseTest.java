package anxin.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import anxin.ingest.jdbc.Database.Capabilities;
import org.junit.jupiter.api.Test;

class DatabaseTest {

  @Test
  void describe_hypertable_namesTimescaleAndItsPolicies() {
    Capabilities c = new Capabilities("16.4", "2.17.2", "2.17.2", true, true);

    assertThat(c.timescaleUsable()).isTrue();
    assertThat(c.describe())
        .isEqualTo(
            "TimescaleDB 2.17.2, events in a hypertable"
                + " (compression after 7 days, retention 730 days)");
  }

  @Test
  void describe_noExtension_saysPlainAndWhy() {
    Capabilities c = new Capabilities("15.20", null, null, false, false);

    assertThat(c.timescaleUsable()).isFalse();
    assertThat(c.describe())
        .isEqualTo(
            "plain PostgreSQL 15.20 (timescaledb extension not available),"
                + " events in a table with time indexes");
  }

  @Test
  void describe_availableButNotPreloaded_isNotUsable() {
    Capabilities c = new Capabilities("16.4", "2.17.2", null, false, false);

    assertThat(c.timescaleUsable()).isFalse();
    assertThat(c.describe()).contains("not in shared_preload_libraries");
  }

  @Test
  void describe_usableButEventsNotAHypertable_saysSo() {
    Capabilities c = new Capabilities("16.4", "2.17.2", "2.17.2", true, false);

    assertThat(c.describe()).contains("events table was created without it");
  }

  @Test
  void open_badArguments_nameTheValue() {
    assertThatThrownBy(() -> Database.open("jdbc:mysql://x/y", "u", "", 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a PostgreSQL JDBC URL: jdbc:mysql://x/y");
    assertThatThrownBy(() -> Database.open("jdbc:postgresql://x/y", "u", "", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("poolSize must be at least 2: 1");
  }
}
