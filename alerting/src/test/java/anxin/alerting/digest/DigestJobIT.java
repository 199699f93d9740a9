package anxin.alerting.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.alerting.Alert;
import anxin.alerting.AlertOutcome;
import anxin.alerting.AlertState;
import anxin.alerting.RuleId;
import anxin.alerting.escalation.FacilityEscalation;
import anxin.alerting.escalation.FakeDirectory;
import anxin.alerting.notify.ChannelSender;
import anxin.alerting.notify.Delivery;
import anxin.alerting.notify.OutgoingMessage;
import anxin.alerting.notify.Templates;
import anxin.alerting.outbox.JdbcOutbox;
import anxin.alerting.outbox.OutboxDispatcher;
import anxin.alerting.outbox.RetryPolicy;
import anxin.alerting.store.JdbcAlertStore;
import anxin.ingest.jdbc.Database;
import anxin.testing.MutableClock;
import anxin.testing.Postgres;
import anxin.testing.TestServices;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The digest job against PostgreSQL. Facility {@code fuyuan} (the {@link FakeDirectory} care home
 * in Shanghai) gets its digest at 08:00 local = 00:00Z, to the manager and the on-duty supervisor,
 * on console and webhook: {@code mgr} (console only: no webhook target) and {@code sup} (console
 * and webhook) = 3 rows. Facility {@code quiet} has no P3 alert and gets none.
 */
@ExtendWith(TestServices.class)
class DigestJobIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** 08:00 on 2026-11-29 in Shanghai; the digest covers [2026-11-28T00:00Z, this). */
  private static final Instant DIGEST_TIME = Instant.parse("2026-11-29T00:00:00Z");

  private static final String PSEUDO_ID = "digest-fuyuan-2026-11-29";

  private Database database;
  private DataSource db;
  private JdbcAlertStore store;
  private FakeDirectory directory;
  private final MutableClock clock = new MutableClock(DIGEST_TIME.minus(Duration.ofMinutes(1)));
  private final AtomicInteger wakeUps = new AtomicInteger();

  @BeforeEach
  void openDatabase(Postgres server) throws Exception {
    Postgres fresh = server.freshDatabase();
    database = Database.open(fresh.jdbcUrl(), fresh.user(), fresh.password(), 4);
    db = database.dataSource();
    JdbcOutbox.migrate(db);
    facility("fuyuan", "福园养老院");
    facility("quiet", "Quiet Home");
    store = new JdbcAlertStore(db, clock);
    directory = new FakeDirectory();
    directory.escalation =
        FacilityEscalation.parse(
            Map.of("p3.digest-to", "managers,supervisor", "p3.digest-channels", "console,webhook"));
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }

  private DigestJob job() {
    return new DigestJob(
        store, new JdbcOutbox(db, clock), directory, clock, wakeUps::incrementAndGet);
  }

  @Test
  void pastTheDigestTime_oneRowPerRecipientAndChannel_andASecondRunOrARestartAddsNone()
      throws Exception {
    writeTheDaysAlerts();
    clock.advance(Duration.ofMinutes(2)); // 08:01 local

    DigestJob.Run first = job().runOnce();

    assertThat(first).isEqualTo(new DigestJob.Run(1, 3, 0));
    assertThat(wakeUps).hasValue(1);
    assertThat(strings("SELECT dedup_key FROM notification_outbox ORDER BY dedup_key"))
        .containsExactly(
            "digest/fuyuan/2026-11-29/staff.mgr/console",
            "digest/fuyuan/2026-11-29/staff.sup/console",
            "digest/fuyuan/2026-11-29/staff.sup/webhook");
    assertThat(
            strings(
                "SELECT DISTINCT alert_id || ' ' || kind || ' ' || state FROM notification_outbox"))
        .containsExactly(PSEUDO_ID + " DAILY_DIGEST pending");
    assertThat(strings("SELECT address FROM notification_outbox WHERE channel = 'webhook'"))
        .containsExactly("hook://sup");
    JsonNode params =
        JSON.readTree(strings("SELECT params::text FROM notification_outbox LIMIT 1").get(0));
    assertThat(params.get("facility").asText()).isEqualTo("福园养老院");
    assertThat(params.get("date").asText()).isEqualTo("2026-11-29");
    assertThat(params.get("count").asText()).isEqualTo("4");
    assertThat(params.get("open").asText()).isEqualTo("2");
    assertThat(params.get("by_rule").asText()).isEqualTo("device_silent=3/2,battery_low=1/0");
    assertThat(count("SELECT count(*) FROM notification_outbox WHERE due = '" + DIGEST_TIME + "'"))
        .as("due at the digest time")
        .isEqualTo(3);

    clock.advance(Duration.ofMinutes(1));
    DigestJob restarted = job();
    DigestJob.Run second = restarted.runOnce();
    clock.advance(Duration.ofHours(10));
    DigestJob.Run third = restarted.runOnce();

    assertThat(second)
        .as("a new job (a restart) asks the outbox")
        .isEqualTo(new DigestJob.Run(0, 0, 0));
    assertThat(third).isEqualTo(new DigestJob.Run(0, 0, 0));
    assertThat(count("SELECT count(*) FROM notification_outbox")).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM notification_outbox WHERE facility = 'quiet'")).isZero();
  }

  @Test
  void dayByDay_eachAlertInExactlyOneDigest_eachDigestOnceAtItsTime_noneForADayWithout()
      throws Exception {
    writeTheDaysAlerts();
    DigestJob job = job();

    // 07:59 local: the 28th's digest is the latest due and was never written (the job is new).
    DigestJob.Run caughtUp = job.runOnce();
    clock.advance(Duration.ofSeconds(30));
    DigestJob.Run beforeTime = job.runOnce();
    clock.advance(Duration.ofSeconds(30)); // 08:00
    DigestJob.Run atTime = job.runOnce();
    clock.advance(Duration.ofMinutes(1));
    DigestJob.Run after = job.runOnce();
    clock.advance(Duration.ofDays(1));
    DigestJob.Run nextDay = job.runOnce();
    clock.advance(Duration.ofDays(1));
    DigestJob.Run dayWithout = job.runOnce();

    assertThat(caughtUp.messages()).isEqualTo(3);
    assertThat(countParam("digest-fuyuan-2026-11-28"))
        .as("a5, a second before the 29th's period")
        .isEqualTo("1");
    assertThat(beforeTime.messages()).isZero();
    assertThat(atTime.messages()).isEqualTo(3);
    assertThat(countParam(PSEUDO_ID)).isEqualTo("4");
    assertThat(after.messages()).isZero();
    assertThat(nextDay.messages()).isEqualTo(3);
    assertThat(countParam("digest-fuyuan-2026-11-30"))
        .as("a6, at the 29th's digest time")
        .isEqualTo("1");
    assertThat(dayWithout).isEqualTo(new DigestJob.Run(0, 0, 0));
    assertThat(count("SELECT count(*) FROM notification_outbox")).isEqualTo(9);
  }

  private String countParam(String pseudoId) throws SQLException {
    return strings(
            "SELECT DISTINCT params->>'count' FROM notification_outbox WHERE alert_id = '"
                + pseudoId
                + "'")
        .get(0);
  }

  @Test
  void startedJob_onItsOwnThread_digestLeavesThroughTheDispatcherAndRenders() throws Exception {
    writeTheDaysAlerts();
    clock.advance(Duration.ofMinutes(5));
    List<String> rendered = new CopyOnWriteArrayList<>();
    Templates templates = Templates.defaults();
    ChannelSender channels =
        new ChannelSender() {
          @Override
          public CompletableFuture<Delivery> send(OutgoingMessage m) {
            rendered.add(m.channel() + " " + m.language() + " " + templates.render(m).text());
            return CompletableFuture.completedFuture(Delivery.delivered());
          }
        };
    JdbcOutbox outbox = new JdbcOutbox(db, clock);
    try (OutboxDispatcher dispatcher =
            OutboxDispatcher.start(
                outbox,
                channels,
                RetryPolicy.defaults(),
                clock,
                new OutboxDispatcher.Settings(Duration.ofMillis(50), 100, Duration.ofSeconds(5)));
        DigestJob job =
            DigestJob.start(
                store, outbox, directory, clock, dispatcher::wakeUp, Duration.ofMillis(50))) {

      await()
          .atMost(WAIT)
          .until(
              () ->
                  count("SELECT count(*) FROM notification_outbox WHERE state = 'delivered'") == 3);
    }

    assertThat(rendered)
        .containsExactlyInAnyOrder(
            "CONSOLE en 福园养老院: 4 technical alerts in the last 24 h, 2 still open. Device silent 3"
                + " (2 open), Battery low 1. Details on the console.",
            "CONSOLE zh-CN 【福园养老院】过去24小时技术告警4条,未处理2条。设备失联3条(未处理2)、电量低1条。详情见控制台。",
            "WEBHOOK zh-CN 【福园养老院】过去24小时技术告警4条,未处理2条。设备失联3条(未处理2)、电量低1条。详情见控制台。");
  }

  /**
   * In fuyuan's period [2026-11-28T00:00Z, 2026-11-29T00:00Z): device_silent ×3 (one open, one
   * acknowledged, one resolved), battery_low ×1 (resolved). Not counted: a P3 alert a second before
   * the period, one at its end (exclusive), and a P1 fall inside it. Facility quiet has none.
   */
  private void writeTheDaysAlerts() throws SQLException {
    List<Alert> alerts = new ArrayList<>();
    alerts.add(alert("a1", RuleId.DEVICE_SILENT, "2026-11-28T03:00:00Z", AlertState.OPEN));
    alerts.add(alert("a2", RuleId.DEVICE_SILENT, "2026-11-28T05:00:00Z", AlertState.RESOLVED));
    alerts.add(alert("a3", RuleId.DEVICE_SILENT, "2026-11-28T20:00:00Z", AlertState.ACKNOWLEDGED));
    alerts.add(alert("a4", RuleId.BATTERY_LOW, "2026-11-28T10:00:00Z", AlertState.RESOLVED));
    alerts.add(alert("a5", RuleId.DEVICE_SILENT, "2026-11-27T23:59:59Z", AlertState.OPEN));
    alerts.add(alert("a6", RuleId.BATTERY_LOW, "2026-11-29T00:00:00Z", AlertState.OPEN));
    alerts.add(alert("a7", RuleId.FALL, "2026-11-28T04:00:00Z", AlertState.OPEN));
    store.write(
        new JdbcAlertStore.Write(
            alerts.stream().map(a -> new JdbcAlertStore.AlertRow(a, 1)).toList(),
            List.of(),
            List.of(),
            null));
  }

  private static Alert alert(String id, RuleId rule, String opened, AlertState state) {
    Instant at = Instant.parse(opened);
    boolean resolved = state == AlertState.RESOLVED;
    boolean acked = state == AlertState.ACKNOWLEDGED;
    return new Alert(
        id,
        "fuyuan",
        rule,
        rule.severity(),
        "dev-" + id,
        "dev-" + id,
        null,
        "r-101",
        state,
        resolved ? AlertOutcome.AUTO_CLEARED : null,
        1,
        at,
        at,
        at,
        Duration.ZERO,
        List.of(),
        acked ? at.plusSeconds(60) : null,
        acked ? "cg-a" : null,
        resolved ? at.plusSeconds(600) : null,
        resolved ? "rule:" + rule.wireName() : null,
        null);
  }

  private void facility(String id, String name) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO facility (id, name) VALUES (?, ?)")) {
      ps.setString(1, id);
      ps.setString(2, name);
      ps.executeUpdate();
    }
  }

  private long count(String sql) throws SQLException {
    return Long.parseLong(strings(sql).get(0));
  }

  private List<String> strings(String sql) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
