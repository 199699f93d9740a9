package anxin.alerting.store;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.Alert;
import anxin.alerting.AlertOutcome;
import anxin.alerting.AlertState;
import anxin.alerting.NotificationIntent;
import anxin.alerting.RuleId;
import anxin.alerting.Severity;
import anxin.alerting.TimelineEntry;
import anxin.alerting.outbox.Intents;
import anxin.alerting.outbox.JdbcOutbox;
import anxin.alerting.outbox.OutboxState;
import anxin.alerting.store.JdbcAlertStore.AlertRow;
import anxin.alerting.store.JdbcAlertStore.TimelineRow;
import anxin.alerting.store.JdbcAlertStore.Write;
import anxin.testing.MutableClock;
import anxin.testing.Postgres;
import anxin.testing.TestServices;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The alert's transaction against the real database: what is written is what is read back, to the
 * microsecond; writing it again changes nothing; the pages it claims are the new ones due.
 */
@ExtendWith(TestServices.class)
class JdbcAlertStoreIT {

  /** Not on a microsecond: stored rounded half up, as pgjdbc rounds a bound Timestamp. */
  private static final Instant T0 = Instant.parse("2026-11-30T02:05:00.123456789Z");

  private final MutableClock clock = new MutableClock(T0);
  private HikariDataSource pool;
  private JdbcAlertStore store;

  @BeforeEach
  void openDatabase(Postgres server) throws Exception {
    Postgres db = server.freshDatabase();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.jdbcUrl());
    config.setUsername(db.user());
    config.setPassword(db.password().isEmpty() ? null : db.password());
    try (HikariDataSource migration = new HikariDataSource(config)) {
      JdbcOutbox.migrate(migration); // Flyway takes two connections
    }
    config.setMaximumPoolSize(1); // every call on the same connection: nothing may leak
    pool = new HikariDataSource(config);
    store = new JdbcAlertStore(pool, clock);
  }

  @AfterEach
  void closeDatabase() {
    pool.close();
  }

  private static Instant micros(Instant i) {
    return i == null ? null : i.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
  }

  private static Alert open(String id, Instant at) {
    return new Alert(
        id,
        "fac-1",
        RuleId.FALL,
        Severity.P1,
        "room 302",
        "fall-302",
        null,
        null,
        AlertState.OPEN,
        null,
        1,
        at,
        at,
        at,
        Duration.ZERO,
        List.of(),
        null,
        null,
        null,
        null,
        null);
  }

  /** Every field set, every instant off the microsecond. */
  private static Alert resolved(String id, Instant at) {
    return new Alert(
        id,
        "fac-1",
        RuleId.PANIC,
        Severity.P1,
        "room 118 \"east\"",
        "panic-118",
        "R0118",
        "118",
        AlertState.RESOLVED,
        AlertOutcome.FALSE_ALARM,
        3,
        at,
        at.plusNanos(1_500),
        at.plusSeconds(40).plusNanos(499),
        Duration.ofMillis(1_234),
        List.of("pressed twice", "说明, with {braces}"),
        at.plusSeconds(61).plusNanos(999_999_999),
        "st-1",
        at.plusSeconds(300),
        "st-2",
        "resident fine; pressed by mistake");
  }

  private static Alert expectedAsStored(Alert a) {
    return new Alert(
        a.id(),
        a.facility(),
        a.rule(),
        a.severity(),
        a.subject(),
        a.device(),
        a.resident(),
        a.room(),
        a.state(),
        a.outcome(),
        a.count(),
        micros(a.openedAt()),
        micros(a.firstSeen()),
        micros(a.lastSeen()),
        a.delayed(),
        a.notes(),
        micros(a.acknowledgedAt()),
        a.acknowledgedBy(),
        micros(a.resolvedAt()),
        a.resolvedBy(),
        a.resolutionNote());
  }

  private long count(String sql) throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private String outboxState(String key) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT state FROM notification_outbox WHERE dedup_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  @Test
  void write_alertsAndTimelines_readBackAsWrittenToTheMicrosecond() throws Exception {
    Alert a = open("A1", T0);
    Alert b = resolved("A2", T0.plusSeconds(5));
    List<TimelineEntry> bTimeline =
        List.of(
            new TimelineEntry.Opened(b.openedAt(), "rule:panic", b.openedAt(), b.delayed(), null),
            new TimelineEntry.Acknowledged(b.acknowledgedAt(), "st-1"),
            new TimelineEntry.Resolved(
                b.resolvedAt(), "st-2", AlertOutcome.FALSE_ALARM, b.resolutionNote()));

    store.write(
        new Write(
            List.of(new AlertRow(a, 0), new AlertRow(b, 2)),
            List.of(
                new TimelineRow("A2", 0, bTimeline.get(0)),
                new TimelineRow("A2", 1, bTimeline.get(1)),
                new TimelineRow("A2", 2, bTimeline.get(2))),
            List.of(),
            T0.plusSeconds(400)));

    assertThat(store.find("A1").orElseThrow().alert()).isEqualTo(expectedAsStored(a));
    JdbcAlertStore.Stored stored = store.find("A2").orElseThrow();
    assertThat(stored.alert()).isEqualTo(expectedAsStored(b));
    assertThat(stored.timeline().entries())
        .extracting(TimelineEntry::at)
        .containsExactly(micros(b.openedAt()), micros(b.acknowledgedAt()), micros(b.resolvedAt()));
    assertThat(stored.timeline().entries().get(2)).isInstanceOf(TimelineEntry.Resolved.class);
    assertThat(store.processedUntil()).contains(micros(T0.plusSeconds(400)));
    assertThat(store.list(null, null, null, 10))
        .extracting(r -> r.alert().id() + "@" + r.escalationStep())
        .containsExactlyInAnyOrder("A1@0", "A2@2");
  }

  @Test
  void write_sameAlertTwiceInOneWrite_keepsTheLastSnapshotAndTheHighestStep() throws Exception {
    Alert opened = open("A1", T0);
    Alert acknowledged =
        new Alert(
            "A1",
            "fac-1",
            RuleId.FALL,
            Severity.P1,
            "room 302",
            "fall-302",
            null,
            null,
            AlertState.ACKNOWLEDGED,
            null,
            1,
            T0,
            T0,
            T0,
            Duration.ZERO,
            List.of(),
            T0.plusSeconds(30),
            "st-1",
            null,
            null,
            null);

    store.write(
        new Write(
            List.of(new AlertRow(opened, 2), new AlertRow(acknowledged, 1)),
            List.of(),
            List.of(),
            null));

    assertThat(store.find("A1").orElseThrow().alert()).isEqualTo(expectedAsStored(acknowledged));
    assertThat(store.list(null, null, null, 10))
        .extracting(AlertRow::escalationStep)
        .containsExactly(2);
  }

  @Test
  void write_claimsTheNewPagesDueNow_leavesLaterOnesPending_andReplayingChangesNothing()
      throws Exception {
    Alert a = open("A1", T0);
    NotificationIntent due = Intents.sms("A1", "st-1", T0);
    NotificationIntent later = Intents.sms("A1", "st-2", T0.plusSeconds(60));
    Write w =
        new Write(
            List.of(new AlertRow(a, 1)),
            List.of(
                new TimelineRow(
                    "A1", 0, new TimelineEntry.Opened(T0, "rule:fall", T0, Duration.ZERO, null))),
            List.of(JdbcOutbox.Row.pending(due), JdbcOutbox.Row.pending(later)),
            T0);

    List<JdbcOutbox.Claimed> claimed = store.write(w);

    assertThat(claimed).extracting(c -> c.message().dedupKey()).containsExactly(due.dedupKey());
    assertThat(claimed.get(0).attempt()).isEqualTo(1);
    assertThat(outboxState(due.dedupKey())).isEqualTo(OutboxState.SENDING.wireName());
    assertThat(outboxState(later.dedupKey())).isEqualTo(OutboxState.PENDING.wireName());

    // the paging transaction's asynchronous commit was its own: the connection is as it was
    assertThat(
            count(
                "SELECT count(*) FROM pg_settings WHERE name = 'synchronous_commit'"
                    + " AND setting = 'on'"))
        .isEqualTo(1);

    // the same write again (a replay after a restart): no page claimed twice, no row twice
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.write(w)).isEmpty();
    assertThat(count("SELECT count(*) FROM alert_timeline")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM notification_outbox")).isEqualTo(2);
    assertThat(outboxState(due.dedupKey())).isEqualTo(OutboxState.SENDING.wireName());

    // progress only moves forward
    store.write(new Write(List.of(), List.of(), List.of(), T0.minusSeconds(60)));
    assertThat(store.processedUntil()).contains(micros(T0));
  }

  @Test
  void write_theSameNotificationTwiceInOneWrite_storesAndClaimsItOnce() throws Exception {
    NotificationIntent due = Intents.sms("A1", "st-1", T0);

    List<JdbcOutbox.Claimed> claimed =
        store.write(
            new Write(
                List.of(),
                List.of(),
                List.of(JdbcOutbox.Row.pending(due), JdbcOutbox.Row.pending(due)),
                null));

    assertThat(claimed).hasSize(1);
    assertThat(count("SELECT count(*) FROM notification_outbox")).isEqualTo(1);
  }

  @Test
  void write_aTimelineEntryAlreadyStored_isMetByItsReplayToTheMicrosecond() throws Exception {
    // an instant half a microsecond off: stored once, however often it is written
    TimelineEntry entry =
        new TimelineEntry.Acknowledged(Instant.parse("2026-11-30T02:06:00.123456500Z"), "st-1");
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO alert_timeline (alert_id, n, at, actor, kind, detail)"
                    + " VALUES ('A1', 1, ?, 'st-1', 'acknowledged', '{}')")) {
      ps.setTimestamp(1, Timestamp.from(entry.at()));
      ps.executeUpdate();
    }

    store.write(new Write(List.of(), List.of(new TimelineRow("A1", 1, entry)), List.of(), null));

    assertThat(count("SELECT count(*) FROM alert_timeline")).isEqualTo(1);
  }
}
