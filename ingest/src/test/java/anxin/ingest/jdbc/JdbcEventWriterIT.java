package anxin.ingest.jdbc;

import static anxin.ingest.jdbc.Databases.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.ingest.IngestedEvent;
import anxin.ingest.Transport;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.testing.Postgres;
import anxin.testing.TestServices;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The writer against a schema migrated as on plain PostgreSQL (clock-event keys in a unique index
 * on {@code event}); {@link JdbcEventWriterSeenTableIT} runs the same tests with every key in
 * {@code event_seen}, as on TimescaleDB.
 */
@ExtendWith(TestServices.class)
class JdbcEventWriterIT {

  private static final String COUNT = "SELECT count(*) FROM event";
  private static final String DISTINCT = "SELECT count(DISTINCT (device_id, seq)) FROM event";

  private final Postgres server;
  private final RecordingWriterMetrics metrics = new RecordingWriterMetrics();
  private Postgres db;
  private Database database;

  JdbcEventWriterIT(Postgres server) {
    this.server = server;
  }

  @BeforeEach
  void openFreshDatabase() throws Exception {
    db = server.freshDatabase();
    database = keysInSeenTableOnly() ? Databases.openWithKeysInSeenTable(db) : Databases.open(db);
  }

  /** Whether the schema keeps every key in event_seen (as on TimescaleDB). */
  boolean keysInSeenTableOnly() {
    return false;
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }

  @Test
  void write_tenThousandEventsTwice_storesEachOnceAndCompletesEveryFuture() throws Exception {
    List<IngestedEvent> events = TestEvents.grid(100, 100);
    try (JdbcEventWriter writer = start(WriterConfig.defaults())) {
      List<CompletableFuture<Void>> first = writeAll(writer, events);
      awaitAll(first);

      assertThat(queryLong(db, COUNT)).isEqualTo(10_000);
      assertThat(queryLong(db, DISTINCT)).isEqualTo(10_000);
      assertThat(queryLong(db, "SELECT count(*) FROM event_seen"))
          .as("keys of events with a clock are in event_seen only without V3's index")
          .isEqualTo(keysInSeenTableOnly() ? 10_000 : 0);

      List<CompletableFuture<Void>> again = writeAll(writer, events);
      awaitAll(again);

      assertThat(queryLong(db, COUNT)).isEqualTo(10_000);
      assertThat(queryLong(db, DISTINCT)).isEqualTo(10_000);
      assertThat(metrics.committedEvents()).isEqualTo(20_000);
      assertThat(writer.backlog()).isZero();
    }
  }

  @Test
  void write_duplicatesWithinOneBatch_storesOneOfEach() throws Exception {
    WriterConfig oneBatch =
        new WriterConfig(
            100,
            Duration.ofSeconds(1), // the five writes below take microseconds
            Duration.ofSeconds(30),
            Duration.ofDays(30),
            Duration.ofHours(1));
    IngestedEvent withTs = TestEvents.event(1, 7);
    IngestedEvent withoutTs = TestEvents.ingested(2, Event.of("dev-002", 7, EventType.PANIC));
    try (JdbcEventWriter writer = start(oneBatch)) {
      List<IngestedEvent> batch = List.of(withTs, withoutTs, withTs, withoutTs, withTs);

      awaitAll(writeAll(writer, batch));
    }

    assertThat(metrics.batches).containsExactly(5);
    assertThat(queryLong(db, COUNT)).isEqualTo(2);
    assertThat(queryLong(db, "SELECT count(*) FROM event_seen WHERE ts_key = -1")).isEqualTo(1);
  }

  @Test
  void recentKeys_afterWrites_holdEveryStoredKeyWithItsDeviceClock() throws Exception {
    Event withTs = Event.of("dev-001", 7, EventType.MOTION).withTs(1_764_403_200_123L);
    Event withoutTs = Event.of("dev-002", 8, EventType.PANIC);
    Event badClock = Event.of("dev-003", 9, EventType.MOTION).withTs(Long.MAX_VALUE);
    try (JdbcEventWriter writer = start(WriterConfig.defaults())) {
      awaitAll(
          writeAll(
              writer,
              List.of(
                  TestEvents.ingested(1, withTs),
                  TestEvents.ingested(2, withoutTs),
                  TestEvents.ingested(3, badClock))));
    }
    List<String> keys = new ArrayList<>();

    int n =
        RecentKeys.load(
            database.dataSource(),
            Duration.between(TestEvents.T0, Instant.now()).plusDays(1),
            100,
            (device, seq, ts) -> keys.add(device + "/" + seq + "/" + ts));

    assertThat(n).isEqualTo(3);
    assertThat(keys)
        .containsExactlyInAnyOrder(
            "dev-001/7/1764403200123", "dev-002/8/null", "dev-003/9/" + Long.MAX_VALUE);
  }

  @Test
  void write_sameSeqWithAnotherDeviceClock_isStoredAsANewEvent() throws Exception {
    Event before = Event.of("dev-001", 5, EventType.MOTION).withTs(1_700_000_000_000L);
    Event afterReset = before.withTs(1_700_000_900_000L);
    try (JdbcEventWriter writer = start(WriterConfig.defaults())) {
      awaitAll(writeAll(writer, List.of(TestEvents.ingested(1, before))));
      awaitAll(writeAll(writer, List.of(TestEvents.ingested(1, afterReset))));
      awaitAll(writeAll(writer, List.of(TestEvents.ingested(1, before))));
    }

    assertThat(queryLong(db, "SELECT count(*) FROM event WHERE device_id = 'dev-001' AND seq = 5"))
        .isEqualTo(2);
  }

  @Test
  void write_everyField_isStoredAsSent() throws Exception {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("conf", 0.9);
    data.put("door", "main");
    data.put("nul", "a\u0000b");
    data.put("nan", Double.NaN);
    data.put("raw", new byte[] {1, 2, 3});
    Event full =
        Event.of("dev-001", 4_294_967_295L, EventType.FALL)
            .withTs(1_764_403_200_123L)
            .withBat(87)
            .withRssi(-71)
            .withData(data);
    Event minimal = Event.of("dev-002", 0, EventType.PANIC);
    Event badClock = Event.of("dev-003", 1, EventType.MOTION).withTs(Long.MAX_VALUE);
    Instant at = TestEvents.T0;
    try (JdbcEventWriter writer = start(WriterConfig.defaults())) {
      awaitAll(
          writeAll(
              writer,
              List.of(
                  new IngestedEvent(full, TestEvents.device(1), Transport.COAP, at, 0),
                  new IngestedEvent(minimal, TestEvents.device(2), Transport.HTTP, at, 0),
                  TestEvents.ingested(3, badClock))));
    }

    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT received_at, device_id, seq, device_ts, facility_id, type, bat, rssi,"
                    + " data->>'conf', data->>'door', data->>'nul', data->>'nan', data->>'raw',"
                    + " transport, data IS NULL FROM event ORDER BY device_id")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getObject(1, OffsetDateTime.class).toInstant()).isEqualTo(at);
      assertThat(rs.getString(2)).isEqualTo("dev-001");
      assertThat(rs.getLong(3)).isEqualTo(4_294_967_295L);
      assertThat(rs.getObject(4, OffsetDateTime.class).toInstant())
          .isEqualTo(Instant.ofEpochMilli(1_764_403_200_123L));
      assertThat(rs.getString(5)).isEqualTo("fac-1");
      assertThat(rs.getString(6)).isEqualTo("fall");
      assertThat(rs.getInt(7)).isEqualTo(87);
      assertThat(rs.getInt(8)).isEqualTo(-71);
      assertThat(rs.getString(9)).isEqualTo("0.9");
      assertThat(rs.getString(10)).isEqualTo("main");
      assertThat(rs.getString(11)).isEqualTo("a\uFFFDb");
      assertThat(rs.getString(12)).isEqualTo("NaN");
      assertThat(rs.getString(13)).isEqualTo("AQID");
      assertThat(rs.getString(14)).isEqualTo("coap");

      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(2)).isEqualTo("dev-002");
      assertThat(rs.getObject(4)).isNull();
      assertThat(rs.getObject(7)).isNull();
      assertThat(rs.getObject(8)).isNull();
      assertThat(rs.getBoolean(15)).isTrue();
      assertThat(rs.getString(14)).isEqualTo("http");

      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(2)).isEqualTo("dev-003");
      assertThat(rs.getObject(4)).as("device clock out of range").isNull();
      assertThat(rs.next()).isFalse();
    }
    assertThat(queryLong(db, "SELECT ts_key FROM event_seen WHERE device_id = 'dev-003'"))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void write_databaseCutOffMidStream_losesNothingAndStoresNothingTwice() throws Exception {
    List<IngestedEvent> beforeOutage = TestEvents.grid(100, 20);
    List<IngestedEvent> duringOutage = new ArrayList<>();
    for (int d = 0; d < 100; d++) {
      for (int s = 20; s < 40; s++) {
        duringOutage.add(TestEvents.event(d, s));
      }
    }
    duringOutage.addAll(beforeOutage.subList(0, 1000)); // retransmissions
    try (JdbcEventWriter writer = start(WriterConfig.defaults());
        Connection admin = server.connect()) {
      List<CompletableFuture<Void>> futures = new ArrayList<>(writeAll(writer, beforeOutage));
      try {
        Databases.cutOff(admin, db); // while the first events are being written
        await().atMost(30, TimeUnit.SECONDS).until(() -> sessionsOf(admin) == 0);

        List<CompletableFuture<Void>> late = writeAll(writer, duringOutage);
        futures.addAll(late);
        int retriesBefore = metrics.retries.get();
        // cut off for a few seconds: nothing written during the outage may complete meanwhile
        await()
            .during(3, TimeUnit.SECONDS)
            .atMost(30, TimeUnit.SECONDS)
            .until(() -> late.stream().noneMatch(CompletableFuture::isDone));
        await()
            .atMost(30, TimeUnit.SECONDS)
            .until(() -> metrics.retries.get() >= retriesBefore + 1);
        assertThat(writer.backlog()).isGreaterThanOrEqualTo(late.size());
      } finally {
        Databases.reconnect(admin, db);
      }

      awaitAll(futures);
      assertThat(writer.backlog()).isZero();
    }
    assertThat(queryLong(db, COUNT)).isEqualTo(4_000);
    assertThat(queryLong(db, DISTINCT)).isEqualTo(4_000);
  }

  @Test
  void close_pendingWrites_flushesThemWithoutWaitingForTheLinger() throws Exception {
    WriterConfig slow =
        new WriterConfig(
            2000,
            Duration.ofSeconds(20),
            Duration.ofSeconds(30),
            Duration.ofDays(30),
            Duration.ofHours(1));
    JdbcEventWriter writer = start(slow);
    List<CompletableFuture<Void>> futures = writeAll(writer, TestEvents.grid(10, 50));
    long start = System.nanoTime();

    writer.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(writer.backlog()).isZero();
    assertThat(queryLong(db, COUNT)).isEqualTo(500);
  }

  @Test
  void purge_keysOlderThanTheRetention_areDeletedInChunks() throws Exception {
    Databases.execute(
        db,
        "INSERT INTO event_seen (device_id, seq, ts_key, received_at)"
            + " SELECT 'old', g, -1, now() - interval '31 days' FROM generate_series(1, 25000) g");
    Databases.execute(
        db,
        "INSERT INTO event_seen (device_id, seq, ts_key, received_at)"
            + " SELECT 'recent', g, -1, now() - interval '29 days' FROM generate_series(1, 10) g");

    try (JdbcEventWriter writer = start(WriterConfig.defaults())) {
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(
              () -> queryLong(db, "SELECT count(*) FROM event_seen WHERE device_id = 'old'") == 0);
      assertThat(writer.backlog()).isZero();
    }
    assertThat(queryLong(db, "SELECT count(*) FROM event_seen")).isEqualTo(10);
  }

  private JdbcEventWriter start(WriterConfig config) {
    return JdbcEventWriter.start(database.dataSource(), config, metrics);
  }

  private long sessionsOf(Connection admin) throws Exception {
    return queryLong(
        admin, "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db.database() + "'");
  }

  private static List<CompletableFuture<Void>> writeAll(
      JdbcEventWriter writer, List<IngestedEvent> events) {
    List<CompletableFuture<Void>> futures = new ArrayList<>(events.size());
    events.forEach(e -> futures.add(writer.committed(writer.write(e))));
    return futures;
  }

  private static void awaitAll(List<CompletableFuture<Void>> futures) throws Exception {
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
  }
}
