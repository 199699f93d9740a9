package anxin.dashboards;

import anxin.alerting.Alert;
import anxin.alerting.AlertOutcome;
import anxin.alerting.AlertState;
import anxin.alerting.NotificationIntent;
import anxin.alerting.NotificationIntent.Channel;
import anxin.alerting.NotificationIntent.MessageKind;
import anxin.alerting.NotificationIntent.Recipient;
import anxin.alerting.NotificationIntent.RecipientKind;
import anxin.alerting.RuleId;
import anxin.alerting.Severity;
import anxin.alerting.TimelineEntry;
import anxin.alerting.outbox.JdbcOutbox;
import anxin.alerting.outbox.OutboxState;
import anxin.alerting.store.JdbcAlertStore;
import anxin.alerting.store.JdbcAlertStore.AlertRow;
import anxin.alerting.store.JdbcAlertStore.TimelineRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;

/**
 * October 2025 in five facilities of two counties, from a fixed seed: alerts with known opening,
 * acknowledgement and resolution times and their timelines (written by alerting's {@link
 * JdbcAlertStore}, as the platform writes them), and devices with their events (written as ingest's
 * writer stores them). The generated records are the ground truth the tests compute the KPIs from,
 * independently of the SQL.
 */
final class SimulatedMonth {

  static final Instant FROM = Instant.parse("2025-10-01T00:00:00Z");
  static final Instant TO = Instant.parse("2025-10-31T23:59:59.999Z");

  record Facility(String id, String name, String county, String region, String zone) {}

  /** A generated alert: what the KPIs are computed from. */
  record GenAlert(Alert alert, boolean familyNotified) {}

  record GenDevice(String id, String facility, int heartbeatS, boolean active) {}

  record GenEvent(String device, String facility, Instant at, Integer bat) {}

  /**
   * A gateway's latest status as the platform stores it (table {@code gateway_status}).
   *
   * @param queued null for a gateway whose only status was its Last Will
   * @param localAlarms how many alarms the status carried, or null for none ({@code local_alarms}
   *     absent)
   */
  record GenGatewayStatus(
      String facility,
      String gateway,
      boolean online,
      String version,
      Long queued,
      Integer localAlarms,
      Instant updatedAt) {}

  static final List<Facility> FACILITIES =
      List.of(
          new Facility("fuyuan", "福园养老院", "砚山县", "文山州", "Asia/Shanghai"),
          new Facility("kangle", "康乐护理院", "砚山县", "文山州", "Asia/Shanghai"),
          new Facility("anning", "安宁日间照料中心", "砚山县", "文山州", "Asia/Shanghai"),
          new Facility("xishan", "西山敬老院", "丘北县", "文山州", "Asia/Shanghai"),
          new Facility("home-17", "Home 17 (retrofit)", "丘北县", "文山州", "Asia/Shanghai"));

  private static final RuleId[] RULES = {
    RuleId.PANIC,
    RuleId.FALL,
    RuleId.FALL,
    RuleId.PANIC,
    RuleId.NIGHT_EXIT,
    RuleId.NOT_BACK_IN_BED,
    RuleId.TAMPER,
    RuleId.BATTERY_LOW,
    RuleId.DEVICE_SILENT,
    RuleId.DOOR_LEFT_OPEN
  };

  final List<GenAlert> alerts = new ArrayList<>();
  final List<GenDevice> devices = new ArrayList<>();
  final List<GenEvent> events = new ArrayList<>();
  final List<GenGatewayStatus> gatewayStatuses = new ArrayList<>();
  private final Random random;
  private int ids;

  SimulatedMonth(long seed) {
    random = new Random(seed);
    for (Facility f : FACILITIES) {
      int n = 40 + random.nextInt(40);
      for (int i = 0; i < n; i++) {
        alert(f, RULES[random.nextInt(RULES.length)], randomInstant(FROM, TO));
      }
      // Outside the month: must never count.
      alert(f, RuleId.PANIC, FROM.minusSeconds(3600));
      alert(f, RuleId.FALL, TO.plusSeconds(3600));
      gateways(f);
      devices(f);
    }
    // Its own random numbers, so that the alerts and devices above stay those of the seed.
    Random gw = new Random(seed + 1);
    for (Facility f : FACILITIES) {
      for (int i = 1; i <= 1 + gw.nextInt(3); i++) {
        boolean lastWillOnly = gw.nextInt(6) == 0;
        gatewayStatuses.add(
            new GenGatewayStatus(
                f.id(),
                f.id() + "-gw" + (i == 1 ? "" : i),
                !lastWillOnly && gw.nextInt(4) != 0,
                lastWillOnly ? null : "2.1." + gw.nextInt(4),
                lastWillOnly ? null : (long) (gw.nextInt(3) == 0 ? gw.nextInt(50_000) : 0),
                gw.nextInt(4) == 0 ? 1 + gw.nextInt(3) : null,
                TO.minusSeconds(gw.nextInt(3600))));
      }
    }
  }

  private Instant randomInstant(Instant from, Instant to) {
    long span = to.toEpochMilli() - from.toEpochMilli();
    return Instant.ofEpochMilli(from.toEpochMilli() + (long) (random.nextDouble() * span));
  }

  private String nextId() {
    return String.format("sim-%05d", ids++);
  }

  private void alert(Facility f, RuleId rule, Instant opened) {
    String id = nextId();
    String room = random.nextInt(10) == 0 ? null : String.valueOf(101 + random.nextInt(12));
    String staff = f.id() + "-cg" + (1 + random.nextInt(4));
    Instant ack = null;
    Instant resolved = null;
    AlertOutcome outcome = null;
    int fate = random.nextInt(100);
    if (rule.severity() == Severity.P1 && fate < 6) {
      resolved = opened.plusMillis(5_000 + random.nextInt(25_000));
      outcome = AlertOutcome.CANCELLED_BY_RESIDENT;
    } else if (fate < 12) {
      resolved = opened.plusSeconds(600 + random.nextInt(3600));
      outcome = random.nextBoolean() ? AlertOutcome.AUTO_CLEARED : AlertOutcome.OTHER;
    } else if (fate < 16) {
      // never acknowledged, never resolved: open (unanswered)
    } else {
      // Mostly quick; a tail of slow answers.
      long ms =
          fate < 70 ? 3_000 + random.nextInt(57_000) : 60_000 + (long) random.nextInt(600_000);
      ack = opened.plusMillis(ms);
      if (fate % 9 != 0) {
        resolved = ack.plusSeconds(60 + random.nextInt(1800));
        outcome = random.nextInt(4) == 0 ? AlertOutcome.FALSE_ALARM : AlertOutcome.ASSISTED;
      }
    }
    AlertState state =
        resolved != null
            ? AlertState.RESOLVED
            : ack != null ? AlertState.ACKNOWLEDGED : AlertState.OPEN;
    boolean cancelled = outcome == AlertOutcome.CANCELLED_BY_RESIDENT;
    boolean family =
        rule.severity() == Severity.P1
            && !cancelled
            && (ack == null || Duration.between(opened, ack).toSeconds() >= 180);
    String subject = rule == RuleId.GATEWAY_OFFLINE ? f.id() + "-gw" : f.id() + "-dev-" + room;
    add(
        f,
        new Alert(
            id,
            f.id(),
            rule,
            rule.severity(),
            subject,
            subject,
            null,
            room,
            state,
            outcome,
            1,
            opened,
            opened,
            opened,
            Duration.ZERO,
            List.of(),
            ack,
            ack == null ? null : staff,
            resolved,
            resolved == null ? null : ack == null ? "rule:" + rule : staff,
            null),
        family,
        staff);
  }

  private void gateways(Facility f) {
    // One outage resolved within the month, one still going at its end, one from before the end
    // that was resolved only after it (offline as of TO), and one after the end.
    gateway(f, TO.minus(Duration.ofDays(10)), TO.minus(Duration.ofDays(9)));
    if (!f.id().equals("kangle")) {
      gateway(f, TO.minus(Duration.ofHours(3 + random.nextInt(40))), null);
    }
    if (f.county().equals("丘北县")) {
      gateway(f, TO.minus(Duration.ofMinutes(30)), TO.plus(Duration.ofHours(2)));
    }
    gateway(f, TO.plus(Duration.ofHours(5)), null);
  }

  private void gateway(Facility f, Instant opened, Instant resolved) {
    String gw = f.id() + "-gw";
    add(
        f,
        new Alert(
            nextId(),
            f.id(),
            RuleId.GATEWAY_OFFLINE,
            Severity.P2,
            gw,
            gw,
            null,
            null,
            resolved == null ? AlertState.OPEN : AlertState.RESOLVED,
            resolved == null ? null : AlertOutcome.AUTO_CLEARED,
            1,
            opened,
            opened,
            opened,
            Duration.ZERO,
            List.of(),
            null,
            null,
            resolved,
            resolved == null ? null : "rule:gateway_offline",
            null),
        false,
        null);
  }

  /** Outbox rows by channel and state, e.g. {@code sms failed}. */
  final java.util.Map<String, Integer> outbox = new java.util.TreeMap<>();

  private final List<AlertRow> rows = new ArrayList<>();
  private final List<JdbcOutbox.Row> notifications = new ArrayList<>();
  private final List<TimelineRow> timeline = new ArrayList<>();

  private void add(Facility f, Alert a, boolean family, String staff) {
    alerts.add(new GenAlert(a, family));
    rows.add(new AlertRow(a, family ? 3 : 1));
    List<TimelineEntry> t = new ArrayList<>();
    t.add(
        new TimelineEntry.Opened(
            a.openedAt(), "rule:" + a.rule(), a.openedAt(), Duration.ZERO, null));
    if (staff != null) {
      t.add(
          new TimelineEntry.NotificationIntended(
              a.openedAt(),
              TimelineEntry.ESCALATOR,
              intent(a, 1, new Recipient(staff, RecipientKind.STAFF, staff), Channel.CONSOLE)));
    }
    if (family) {
      Instant due = a.openedAt().plusSeconds(180);
      t.add(
          new TimelineEntry.NotificationIntended(
              due,
              TimelineEntry.ESCALATOR,
              intent(
                  a,
                  3,
                  new Recipient("fam-" + a.id(), RecipientKind.FAMILY, "+8613800000000"),
                  Channel.SMS)));
    }
    if (a.acknowledgedAt() != null) {
      t.add(new TimelineEntry.Acknowledged(a.acknowledgedAt(), a.acknowledgedBy()));
    }
    if (a.resolvedAt() != null) {
      t.add(new TimelineEntry.Resolved(a.resolvedAt(), a.resolvedBy(), a.outcome(), null));
    }
    for (int n = 0; n < t.size(); n++) {
      timeline.add(new TimelineRow(a.id(), n, t.get(n)));
      if (t.get(n) instanceof TimelineEntry.NotificationIntended ni) {
        int r = random.nextInt(20);
        OutboxState state =
            r < 3 ? OutboxState.FAILED : r < 6 ? OutboxState.PENDING : OutboxState.DELIVERED;
        notifications.add(
            new JdbcOutbox.Row(
                ni.intent(),
                state,
                state == OutboxState.PENDING ? 0 : 1,
                state == OutboxState.FAILED ? "gateway said no" : null,
                state == OutboxState.PENDING ? null : ni.at()));
        outbox.merge(
            ni.intent().channel() + " " + state.name().toLowerCase(java.util.Locale.ROOT),
            1,
            Integer::sum);
      }
    }
  }

  private static NotificationIntent intent(Alert a, int step, Recipient r, Channel channel) {
    return new NotificationIntent(
        a.id() + "/" + step + "/" + r.key() + "/" + channel,
        a.id(),
        a.facility(),
        a.rule(),
        a.severity(),
        a.room(),
        a.resident(),
        step,
        0,
        r,
        channel,
        step == 1 ? MessageKind.ALERT : MessageKind.ESCALATION,
        "zh-CN",
        null,
        a.openedAt().plusSeconds(step == 1 ? 0 : 180));
  }

  private void devices(Facility f) {
    for (int i = 0; i < 8; i++) {
      int hb = i % 3 == 0 ? 600 : 300;
      GenDevice d = new GenDevice(f.id() + "-d" + i, f.id(), hb, i != 7);
      devices.add(d);
      if (i == 6) {
        continue; // provisioned, never heard from
      }
      int bat = 40 + random.nextInt(60);
      for (Instant t = FROM.plusSeconds(random.nextInt(21600));
          t.isBefore(TO.minus(Duration.ofDays(1)));
          t = t.plus(Duration.ofHours(6))) {
        bat = Math.max(1, bat - random.nextInt(3));
        events.add(new GenEvent(d.id(), f.id(), t, bat));
      }
      boolean online = random.nextInt(4) != 0;
      long window = 3L * hb * 1000;
      Instant last =
          online
              ? TO.minusMillis(random.nextInt((int) window - 1000))
              : TO.minusMillis(window + 1000 + random.nextInt(86_400_000));
      int lastBat = random.nextInt(3) == 0 ? 5 + random.nextInt(15) : bat;
      events.add(new GenEvent(d.id(), f.id(), last.minusSeconds(30), lastBat));
      // The latest message carries no battery reading half the time: the earlier one counts.
      events.add(new GenEvent(d.id(), f.id(), last, random.nextBoolean() ? null : lastBat));
      // After the end of the period: must not count as of TO.
      events.add(new GenEvent(d.id(), f.id(), TO.plusSeconds(60), 100));
    }
  }

  /** Writes facilities, devices, events and alerts; the schema must be migrated. */
  void write(DataSource db) throws SQLException {
    try (Connection c = db.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO facility (id, name, county, region, zone) VALUES (?, ?, ?, ?, ?)")) {
        for (Facility f : FACILITIES) {
          ps.setString(1, f.id());
          ps.setString(2, f.name());
          ps.setString(3, f.county());
          ps.setString(4, f.region());
          ps.setString(5, f.zone());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO device (id, facility_id, kind, room, heartbeat_s, active)"
                  + " VALUES (?, ?, 'panic_button', ?, ?, ?)")) {
        for (GenDevice d : devices) {
          ps.setString(1, d.id());
          ps.setString(2, d.facility());
          ps.setString(3, "1" + d.id().charAt(d.id().length() - 1));
          ps.setInt(4, d.heartbeatS());
          ps.setBoolean(5, d.active());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO event (received_at, device_id, seq, facility_id, type, bat, transport)"
                  + " VALUES (?, ?, ?, ?, 'heartbeat', ?, 'mqtt')")) {
        long seq = 0;
        for (GenEvent e : events) {
          ps.setTimestamp(1, Timestamp.from(e.at()));
          ps.setString(2, e.device());
          ps.setLong(3, seq++);
          ps.setString(4, e.facility());
          if (e.bat() == null) {
            ps.setNull(5, java.sql.Types.SMALLINT);
          } else {
            ps.setShort(5, e.bat().shortValue());
          }
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO gateway_status (facility_id, gateway_id, state, version, queued,"
                  + " local_alarms, updated_at) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)")) {
        for (GenGatewayStatus g : gatewayStatuses) {
          ps.setString(1, g.facility());
          ps.setString(2, g.gateway());
          ps.setString(3, g.online() ? "online" : "offline");
          ps.setString(4, g.version());
          ps.setObject(5, g.queued(), java.sql.Types.BIGINT);
          ps.setString(6, g.localAlarms() == null ? null : localAlarms(g));
          ps.setTimestamp(7, Timestamp.from(g.updatedAt()));
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    new JdbcAlertStore(db, Clock.fixed(TO, ZoneOffset.UTC))
        .write(new JdbcAlertStore.Write(rows, timeline, notifications, null));
  }

  /** A {@code local_alarms} array of the status's size, as the gateway's AlarmLog writes it. */
  private static String localAlarms(GenGatewayStatus g) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < g.localAlarms(); i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"dev\":\"")
          .append(g.facility())
          .append("-dev-")
          .append(i)
          .append("\",\"seq\":")
          .append(i + 1)
          .append(",\"type\":\"panic\",\"raised_at\":")
          .append(g.updatedAt().toEpochMilli())
          .append("}");
    }
    return b.append("]").toString();
  }
}
