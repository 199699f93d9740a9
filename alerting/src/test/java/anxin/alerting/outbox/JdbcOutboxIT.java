package anxin.alerting.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.alerting.NotificationIntent;
import anxin.alerting.notify.Channel;
import anxin.alerting.notify.Delivery;
import anxin.testing.MutableClock;
import anxin.testing.Postgres;
import anxin.testing.TestServices;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestServices.class)
class JdbcOutboxIT {

  private static final Instant T0 = Instant.parse("2026-11-29T02:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** SMS retries after 10 s nominal; with the jitter fixed at 0.5 the first wait is 7.5 s. */
  private static final RetryPolicy POLICY =
      new RetryPolicy(
          Map.of(
              Channel.CONSOLE, Duration.ofSeconds(1),
              Channel.WEBHOOK, Duration.ofSeconds(1),
              Channel.SMS, Duration.ofSeconds(10)),
          Duration.ofMinutes(5),
          3);

  private static final OutboxDispatcher.Settings FAST =
      new OutboxDispatcher.Settings(Duration.ofMillis(20), 10, Duration.ofSeconds(5));

  private final MutableClock clock = new MutableClock(T0);
  private HikariDataSource pool;
  private JdbcOutbox outbox;

  @BeforeEach
  void openDatabase(Postgres server) throws Exception {
    Postgres db = server.freshDatabase();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.jdbcUrl());
    config.setUsername(db.user());
    config.setPassword(db.password().isEmpty() ? null : db.password());
    config.setMaximumPoolSize(4);
    pool = new HikariDataSource(config);
    JdbcOutbox.migrate(pool);
    outbox = new JdbcOutbox(pool, clock);
  }

  @AfterEach
  void closeDatabase() {
    pool.close();
  }

  private OutboxDispatcher start(RecordingSender sender) {
    return OutboxDispatcher.start(outbox, sender, POLICY, clock, FAST, () -> 0.5);
  }

  private OutboxEntry entry(String key) throws OutboxException {
    return outbox.entry(key).orElseThrow();
  }

  private void awaitState(String key, OutboxState state, int attempts) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              OutboxEntry e = entry(key);
              assertThat(e.state()).isEqualTo(state);
              assertThat(e.attempts()).isEqualTo(attempts);
            });
  }

  @Test
  void migrate_databaseWithOtherTables_appliesV1InItsOwnHistoryTable(Postgres server)
      throws Exception {
    Postgres db = server.freshDatabase();
    try (HikariDataSource other = new HikariDataSource(hikari(db))) {
      exec(other, "CREATE TABLE event (id bigint PRIMARY KEY)");

      JdbcOutbox.migrate(other);
      JdbcOutbox.migrate(other);

      assertThat(
              queryLong(
                  other,
                  "SELECT count(*) FROM alerting_schema_history"
                      + " WHERE version = '1' AND success"))
          .isEqualTo(1);
      assertThat(queryLong(other, "SELECT count(*) FROM notification_outbox")).isZero();
      assertThat(
              queryLong(
                  other,
                  "SELECT count(*) FROM pg_indexes WHERE indexname = 'notification_outbox_state_next_attempt'"))
          .isEqualTo(1);
      assertThat(
              queryLong(
                  other,
                  "SELECT count(*) FROM pg_tables WHERE tablename = 'flyway_schema_history'"))
          .isZero();
    }
  }

  @Test
  void enqueue_sameDedupKeyTwice_storesItOnce() throws Exception {
    NotificationIntent a = Intents.sms("A1", "st-1", T0);
    NotificationIntent b = Intents.sms("A1", "st-2", T0);
    NotificationIntent c = Intents.sms("A1", "st-3", T0);

    assertThat(outbox.enqueue(List.of(a, b))).isEqualTo(2);
    assertThat(outbox.enqueue(List.of(a, c))).isEqualTo(1);
    assertThat(outbox.enqueue(List.of(a, b, c))).isZero();

    assertThat(queryLong(pool, "SELECT count(*) FROM notification_outbox")).isEqualTo(3);
    OutboxEntry e = entry(a.dedupKey());
    assertThat(e.state()).isEqualTo(OutboxState.PENDING);
    assertThat(e.attempts()).isZero();
    assertThat(e.nextAttempt()).isEqualTo(T0);
  }

  @Test
  void dispatcher_dueRows_sendsEachOnceAndRecordsDelivered() throws Exception {
    RecordingSender sender = new RecordingSender();
    List<NotificationIntent> first =
        List.of(
            Intents.sms("A1", "st-1", T0),
            Intents.sms("A1", "st-2", T0),
            Intents.resolvedFamily("A0", T0));
    NotificationIntent later = Intents.sms("A2", "st-1", T0.plusSeconds(60));
    outbox.enqueue(first);
    outbox.enqueue(List.of(later));

    try (OutboxDispatcher dispatcher = start(sender)) {
      for (NotificationIntent i : first) {
        awaitState(i.dedupKey(), OutboxState.DELIVERED, 1);
      }
      outbox.enqueue(first); // duplicates: ignored
      clock.advance(Duration.ofSeconds(60));
      dispatcher.wakeUp();
      awaitState(later.dedupKey(), OutboxState.DELIVERED, 1);
    }

    assertThat(sender.keys()).hasSize(4).doesNotHaveDuplicates();
    assertThat(sender.keys().get(3)).isEqualTo(later.dedupKey());
    assertThat(entry(later.dedupKey()).deliveredAt()).isEqualTo(T0.plusSeconds(60));
  }

  /** As the alert's own transaction does: inserts at T0, claiming what is due, and commits. */
  private List<JdbcOutbox.Claimed> insertClaimingDue(NotificationIntent... intents)
      throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      List<JdbcOutbox.Claimed> claimed =
          JdbcOutbox.insertClaimingDue(
              c, List.of(intents).stream().map(JdbcOutbox.Row::pending).toList(), T0);
      c.commit();
      return claimed;
    }
  }

  @Test
  void insertClaimingDue_claimsNewDueRows_andSendNowDeliversThemWithoutAPoll() throws Exception {
    NotificationIntent due = Intents.sms("A1", "st-1", T0);
    NotificationIntent later = Intents.sms("A1", "st-2", T0.plusSeconds(60));
    NotificationIntent stored = Intents.sms("A0", "st-1", T0.plusSeconds(60));
    outbox.enqueue(List.of(stored));
    RecordingSender sender = new RecordingSender();
    OutboxDispatcher.Settings rarePolls =
        new OutboxDispatcher.Settings(Duration.ofHours(1), 10, Duration.ofSeconds(5));

    try (OutboxDispatcher dispatcher =
        OutboxDispatcher.start(outbox, sender, POLICY, clock, rarePolls, () -> 0.5)) {
      List<JdbcOutbox.Claimed> claimed = insertClaimingDue(due, later, stored);

      // only the new row already due; one due later, or a key already stored, is left alone
      assertThat(claimed).extracting(r -> r.message().dedupKey()).containsExactly(due.dedupKey());
      assertThat(entry(due.dedupKey()).state()).isEqualTo(OutboxState.SENDING);
      assertThat(entry(due.dedupKey()).attempts()).isEqualTo(1);
      assertThat(entry(later.dedupKey()).state()).isEqualTo(OutboxState.PENDING);

      dispatcher.sendNow(claimed); // the only poll was at start, before the row existed
      awaitState(due.dedupKey(), OutboxState.DELIVERED, 1);
    }
    assertThat(sender.keys()).containsExactly(due.dedupKey());
  }

  @Test
  void sendNow_unanswered_isRecordedAsARetryableFailureAfterTheSendTimeout() throws Exception {
    NotificationIntent due = Intents.sms("A1", "st-1", T0);
    RecordingSender silent = new RecordingSender(m -> new CompletableFuture<>());
    OutboxDispatcher.Settings shortTimeout =
        new OutboxDispatcher.Settings(Duration.ofHours(1), 10, Duration.ofMillis(200));

    try (OutboxDispatcher dispatcher =
        OutboxDispatcher.start(outbox, silent, POLICY, clock, shortTimeout, () -> 0.5)) {
      dispatcher.sendNow(insertClaimingDue(due));

      awaitState(due.dedupKey(), OutboxState.PENDING, 1); // back to pending, retry scheduled
      assertThat(entry(due.dedupKey()).lastError()).contains("no answer within the send timeout");
    }
  }

  @Test
  void dispatcher_retryableFailures_retriesWithBackoffUntilDelivered() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    RecordingSender sender =
        new RecordingSender(
            m ->
                CompletableFuture.completedFuture(
                    calls.incrementAndGet() < 3
                        ? Delivery.failed(true, "HTTP 503")
                        : Delivery.delivered()));
    NotificationIntent page = Intents.sms("A1", "st-1", T0);
    outbox.enqueue(List.of(page));

    try (OutboxDispatcher dispatcher = start(sender)) {
      awaitState(page.dedupKey(), OutboxState.PENDING, 1);
      OutboxEntry first = entry(page.dedupKey());
      assertThat(first.nextAttempt()).isEqualTo(T0.plusMillis(7_500)); // 5 s + 0.5 × 5 s
      assertThat(first.lastError()).isEqualTo("HTTP 503");

      clock.advance(Duration.ofMillis(7_499));
      dispatcher.pollSoon().get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      assertThat(sender.count(page.dedupKey())).isEqualTo(1); // not yet due
      clock.advance(Duration.ofMillis(1));
      dispatcher.wakeUp();
      awaitState(page.dedupKey(), OutboxState.PENDING, 2);
      assertThat(entry(page.dedupKey()).nextAttempt())
          .isEqualTo(T0.plusMillis(7_500 + 15_000)); // 10 s + 0.5 × 10 s

      clock.advance(Duration.ofMillis(15_000));
      dispatcher.wakeUp();
      awaitState(page.dedupKey(), OutboxState.DELIVERED, 3);
    }

    assertThat(sender.count(page.dedupKey())).isEqualTo(3);
    assertThat(entry(page.dedupKey()).lastError()).isNull();
  }

  @Test
  void dispatcher_nonRetryableFailure_marksFailedWithTheReasonWithoutThePhone() throws Exception {
    RecordingSender sender =
        new RecordingSender(
            m ->
                CompletableFuture.completedFuture(
                    Delivery.failed(false, "rejected address " + Intents.PHONE)));
    NotificationIntent page = Intents.sms("A1", "st-1", T0);
    outbox.enqueue(List.of(page));

    try (OutboxDispatcher dispatcher = start(sender)) {
      awaitState(page.dedupKey(), OutboxState.FAILED, 1);
      clock.advance(Duration.ofHours(1));
      dispatcher.pollSoon().get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    assertThat(entry(page.dedupKey()).lastError()).isEqualTo("rejected address <number>");
    assertThat(sender.count(page.dedupKey())).isEqualTo(1);
  }

  @Test
  void dispatcher_retryableFailureOnLastAttempt_givesUp() throws Exception {
    RecordingSender sender =
        new RecordingSender(
            m -> CompletableFuture.completedFuture(Delivery.failed(true, "HTTP 503")));
    NotificationIntent page = Intents.sms("A1", "st-1", T0);
    outbox.enqueue(List.of(page));

    try (OutboxDispatcher dispatcher = start(sender)) {
      for (int attempt = 1; attempt < POLICY.maxAttempts(); attempt++) {
        awaitState(page.dedupKey(), OutboxState.PENDING, attempt);
        clock.advance(POLICY.maxDelay());
        dispatcher.wakeUp();
      }
      awaitState(page.dedupKey(), OutboxState.FAILED, POLICY.maxAttempts());
    }

    assertThat(entry(page.dedupKey()).lastError()).isEqualTo("gave up after 3 attempts: HTTP 503");
    assertThat(sender.count(page.dedupKey())).isEqualTo(3);
  }

  @Test
  void metrics_deliveredAndFailed_reportedPerChannel_withTheTimeSinceDue() throws Exception {
    // SMS fails once (retryable), then is delivered 7.5 s after it was due; the console page is
    // refused for good.
    AtomicInteger smsCalls = new AtomicInteger();
    RecordingSender sender =
        new RecordingSender(
            m ->
                CompletableFuture.completedFuture(
                    m.channel() == Channel.CONSOLE
                        ? Delivery.failed(false, "no console open")
                        : smsCalls.incrementAndGet() == 1
                            ? Delivery.failed(true, "HTTP 503")
                            : Delivery.delivered()));
    NotificationIntent sms = Intents.sms("A1", "st-1", T0);
    NotificationIntent console = Intents.console("A1", T0);
    outbox.enqueue(List.of(sms, console));
    RecordingOutboxMetrics metrics = new RecordingOutboxMetrics();

    try (OutboxDispatcher dispatcher =
        OutboxDispatcher.start(outbox, sender, POLICY, clock, FAST, () -> 0.5, metrics)) {
      awaitState(console.dedupKey(), OutboxState.FAILED, 1);
      awaitState(sms.dedupKey(), OutboxState.PENDING, 1);
      clock.advance(Duration.ofMillis(7_500));
      dispatcher.wakeUp();
      awaitState(sms.dedupKey(), OutboxState.DELIVERED, 2);
    }

    assertThat(metrics.failed)
        .containsExactlyInAnyOrder(
            new RecordingOutboxMetrics.Failed(Channel.SMS, true),
            new RecordingOutboxMetrics.Failed(Channel.CONSOLE, false));
    assertThat(metrics.delivered)
        .containsExactly(
            new RecordingOutboxMetrics.Delivered(Channel.SMS, Duration.ofMillis(7_500).toNanos()));
  }

  @Test
  void restart_rowsLeftSending_areSentByTheNextDispatcherAndDeliveredOnesAreNot() throws Exception {
    NotificationIntent a = Intents.sms("A1", "st-1", T0);
    NotificationIntent b = Intents.sms("A1", "st-2", T0);
    NotificationIntent c = Intents.sms("A2", "st-1", T0);
    NotificationIntent d = Intents.sms("A2", "st-2", T0);
    // Before the crash: a and b are accepted; c and d are handed over and never answered.
    Map<String, Boolean> hang =
        new ConcurrentHashMap<>(Map.of(c.dedupKey(), true, d.dedupKey(), true));
    RecordingSender beforeCrash =
        new RecordingSender(
            m ->
                hang.containsKey(m.dedupKey())
                    ? new CompletableFuture<>()
                    : CompletableFuture.completedFuture(Delivery.delivered()));
    outbox.enqueue(List.of(a, b));
    try (OutboxDispatcher first = start(beforeCrash)) {
      awaitState(a.dedupKey(), OutboxState.DELIVERED, 1);
      awaitState(b.dedupKey(), OutboxState.DELIVERED, 1);
      outbox.enqueue(List.of(c, d));
      first.wakeUp();
      await().atMost(WAIT).until(() -> beforeCrash.keys().size() == 4);
    } // the "crash": closed mid-batch
    assertThat(entry(c.dedupKey()).state()).isEqualTo(OutboxState.SENDING);
    assertThat(entry(d.dedupKey()).state()).isEqualTo(OutboxState.SENDING);

    RecordingSender afterRestart = new RecordingSender();
    try (OutboxDispatcher second = start(afterRestart)) {
      awaitState(c.dedupKey(), OutboxState.DELIVERED, 2);
      awaitState(d.dedupKey(), OutboxState.DELIVERED, 2);
    }

    // At least once toward the channel: c and d reached a sender once before the crash and once
    // after; a and b, recorded delivered, are never sent again.
    assertThat(afterRestart.keys()).containsExactlyInAnyOrder(c.dedupKey(), d.dedupKey());
    assertThat(beforeCrash.keys())
        .containsExactlyInAnyOrder(a.dedupKey(), b.dedupKey(), c.dedupKey(), d.dedupKey());
  }

  private static HikariConfig hikari(Postgres db) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.jdbcUrl());
    config.setUsername(db.user());
    config.setPassword(db.password().isEmpty() ? null : db.password());
    config.setMaximumPoolSize(2);
    return config;
  }

  private static void exec(javax.sql.DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long queryLong(javax.sql.DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
