package anxin.ingest.jdbc;

import static anxin.ingest.jdbc.Databases.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import anxin.testing.Postgres;
import anxin.testing.TestServices;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(TestServices.class)
class DatabaseIT {

  private final Logger logger = (Logger) LoggerFactory.getLogger(Database.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureLog() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    logger.detachAppender(logged);
  }

  /**
   * Plain PostgreSQL here and in CI; TimescaleDB where Testcontainers runs its image (the default
   * where a Docker engine exists): each is checked for what it must be, neither skipped.
   */
  @Test
  void open_emptyDatabase_migratesAndSaysWhichStorageItChose(Postgres server) throws Exception {
    Postgres db = server.freshDatabase();
    boolean offered = timescaleOffered(db);

    try (Database database = Databases.open(db)) {
      assertThat(database.timescale()).isEqualTo(offered);
      try (Connection c = database.dataSource().getConnection()) {
        assertThat(queryLong(c, "SELECT count(*) FROM ingest_schema_history WHERE success"))
            .isEqualTo(3); // V1, V2 and V3
        if (offered) {
          assertThat(database.description())
              .startsWith("TimescaleDB ")
              .endsWith(", events in a hypertable (compression after 7 days, retention 730 days)");
          assertThat(
                  queryLong(
                      c,
                      "SELECT count(*) FROM timescaledb_information.hypertables"
                          + " WHERE hypertable_name = 'event' AND compression_enabled"))
              .isEqualTo(1);
          assertThat(
                  strings(
                      c,
                      "SELECT proc_name FROM timescaledb_information.jobs"
                          + " WHERE hypertable_name = 'event' ORDER BY proc_name"))
              .containsExactly("policy_compression", "policy_retention");
        } else {
          assertThat(database.description())
              .startsWith("plain PostgreSQL ")
              .endsWith(
                  "(timescaledb extension not available), events in a table with time indexes");
        }
      }
    }
    List<String> infos = new ArrayList<>();
    logged.list.stream()
        .filter(e -> e.getLevel() == Level.INFO)
        .forEach(e -> infos.add(e.getFormattedMessage()));
    assertThat(infos).hasSize(1);
    assertThat(infos.get(0))
        .matches(
            offered
                ? "storage: TimescaleDB \\d+\\.\\d+.*"
                : "storage: plain PostgreSQL \\d+\\.\\d+ \\(.*");
  }

  @Test
  void open_afterAnotherModuleMigratedTheSameDatabase_stillAppliesV1(Postgres server)
      throws Exception {
    Postgres db = server.freshDatabase();
    Databases.execute(db, "CREATE TABLE alerting_schema_history (installed_rank int)");
    Databases.execute(db, "CREATE TABLE notification_outbox (dedup_key text primary key)");

    try (Database database = Databases.open(db);
        Connection c = database.dataSource().getConnection()) {
      assertThat(queryLong(c, "SELECT count(*) FROM ingest_schema_history WHERE version = '1'"))
          .isEqualTo(1);
      assertThat(queryLong(c, "SELECT count(*) FROM event")).isZero();
    }
  }

  @Test
  void open_twice_secondIsANoOp(Postgres server) throws Exception {
    Postgres db = server.freshDatabase();
    boolean offered = timescaleOffered(db);
    try (Database first = Databases.open(db)) {
      assertThat(first.timescale()).isEqualTo(offered);
    }
    String history = historyOf(db);

    try (Database second = Databases.open(db)) {
      assertThat(second.timescale()).isEqualTo(offered);
    }

    assertThat(historyOf(db)).isEqualTo(history);
  }

  @Test
  void open_emptyDatabase_createsTheDocumentedSchema(Postgres server) throws Exception {
    Postgres db = server.freshDatabase();
    try (Database database = Databases.open(db)) {
      assertThat(database.dataSource()).isNotNull();
    }

    try (Connection c = db.connect()) {
      assertThat(columns(c, "facility"))
          .containsExactly(
              "id text NO",
              "name text NO",
              "county text YES",
              "region text YES",
              "zone text NO",
              "created_at timestamp with time zone NO",
              "updated_at timestamp with time zone NO");
      assertThat(columns(c, "device"))
          .containsExactly(
              "id text NO",
              "facility_id text NO",
              "kind text NO",
              "room text YES",
              "resident_id text YES",
              "heartbeat_s integer NO",
              "token_sha256 text YES",
              "psk_enc bytea YES",
              "active boolean NO",
              "created_at timestamp with time zone NO",
              "updated_at timestamp with time zone NO");
      assertThat(columns(c, "event"))
          .containsExactly(
              "received_at timestamp with time zone NO",
              "device_id text NO",
              "seq bigint NO",
              "device_ts timestamp with time zone YES",
              "facility_id text NO",
              "type text NO",
              "bat smallint YES",
              "rssi integer YES",
              "data jsonb YES",
              "transport text NO");
      assertThat(columns(c, "event_seen"))
          .containsExactly(
              "device_id text NO",
              "seq bigint NO",
              "ts_key bigint NO",
              "received_at timestamp with time zone NO");
      assertThat(strings(c, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'"))
          .contains(
              "CREATE INDEX event_received_at_idx ON public.event USING btree (received_at DESC)",
              "CREATE INDEX event_facility_received_at_idx ON public.event"
                  + " USING btree (facility_id, received_at DESC)",
              "CREATE INDEX event_device_received_at_idx ON public.event"
                  + " USING btree (device_id, received_at DESC)",
              "CREATE INDEX device_facility_id_idx ON public.device USING btree (facility_id)",
              "CREATE UNIQUE INDEX event_seen_pkey ON public.event_seen"
                  + " USING btree (device_id, seq, ts_key)",
              "CREATE INDEX event_seen_received_at_brin ON public.event_seen"
                  + " USING brin (received_at)",
              "CREATE UNIQUE INDEX device_token_sha256_key ON public.device"
                  + " USING btree (token_sha256)");
      assertThat(strings(c, "SELECT indexdef FROM pg_indexes WHERE tablename = 'event'"))
          .as("the only unique index on event: keys of events with a device clock (V3)")
          .filteredOn(def -> def.contains("UNIQUE"))
          .containsExactly(
              "CREATE UNIQUE INDEX event_clock_key ON public.event"
                  + " USING btree (device_id, seq, device_ts) WHERE (device_ts IS NOT NULL)");
      assertThat(
              strings(
                  c,
                  "SELECT event_object_table || ' ' || event_manipulation"
                      + " FROM information_schema.triggers WHERE trigger_name LIKE '%_notify'"))
          .containsExactlyInAnyOrder(
              "facility INSERT",
              "facility UPDATE",
              "facility DELETE",
              "device INSERT",
              "device UPDATE",
              "device DELETE");
    }
  }

  @Test
  void migrate_timescaleBranch_makesTheHypertableWhereOffered_elseFailsAndRollsBack(Postgres server)
      throws Exception {
    Postgres db = server.freshDatabase();
    boolean offered = timescaleOffered(db);
    org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
    ds.setUrl(db.jdbcUrl());
    ds.setPassword(db.password());

    if (offered) {
      Database.migrate(ds, true, false);
      try (Connection c = db.connect()) {
        assertThat(
                queryLong(
                    c,
                    "SELECT count(*) FROM timescaledb_information.hypertables"
                        + " WHERE hypertable_name = 'event'"))
            .isEqualTo(1);
      }
      return;
    }
    // plain PostgreSQL: the placeholder reaches the DO block, which fails on the extension
    assertThatThrownBy(() -> Database.migrate(ds, true, true))
        .hasMessageContaining("timescaledb")
        .hasMessageContaining("not available");
    try (Connection c = db.connect()) {
      assertThat(queryLong(c, "SELECT count(*) FROM pg_tables WHERE tablename = 'event'"))
          .as("the failed migration was rolled back")
          .isZero();
    }
  }

  /** TimescaleDB is offered: its extension is available and its library preloaded. */
  private static boolean timescaleOffered(Postgres db) throws SQLException {
    try (Connection c = db.connect()) {
      return queryLong(c, "SELECT count(*) FROM pg_available_extensions WHERE name = 'timescaledb'")
              == 1
          && strings(c, "SHOW shared_preload_libraries").get(0).contains("timescaledb");
    }
  }

  private static String historyOf(Postgres db) throws SQLException {
    try (Connection c = db.connect()) {
      return strings(
              c,
              "SELECT installed_rank || ' ' || version || ' ' || checksum || ' ' || installed_on"
                  + " FROM ingest_schema_history ORDER BY installed_rank")
          .toString();
    }
  }

  private static List<String> columns(Connection c, String table) throws SQLException {
    return strings(
        c,
        "SELECT column_name || ' ' || data_type || ' ' || is_nullable"
            + " FROM information_schema.columns WHERE table_schema = 'public'"
            + " AND table_name = '"
            + table
            + "' ORDER BY ordinal_position");
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
