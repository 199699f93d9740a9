package anxin.alerting.core;

import anxin.alerting.DeviceCommand;
import anxin.alerting.FacilityRules;
import anxin.alerting.Observation;
import anxin.alerting.escalation.Escalator;
import anxin.alerting.escalation.FacilityEscalation;
import anxin.alerting.escalation.FakeDirectory;
import anxin.alerting.lifecycle.AlertBook;
import anxin.alerting.lifecycle.AlertDesk;
import anxin.alerting.lifecycle.UlidSource;
import anxin.alerting.notify.ChannelSender;
import anxin.alerting.outbox.JdbcOutbox;
import anxin.alerting.outbox.OutboxDispatcher;
import anxin.alerting.outbox.RetryPolicy;
import anxin.alerting.rule.RuleEngine;
import anxin.alerting.store.JdbcAlertStore;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * One alerting process as the platform assembles it (rule engine, alert desk, store, outbox
 * dispatcher, core) over a database, with fast test policies: P1 step 2 after 4 s, step 3 after 7
 * s, no reminders; a door left open after 3 s. Facility {@code fuyuan}, the {@link FakeDirectory}
 * care home; device {@code dev-1} is resident {@code res-12}'s in room {@code r-101} (zone A).
 */
final class CoreRig implements AutoCloseable {

  static final String FACILITY = "fuyuan";

  static final Map<String, String> ESCALATION =
      Map.of(
          "p1.step.2", "4s; on_duty_staff,supervisor; console,webhook,sms",
          "p1.step.3", "7s; managers,family; sms",
          "p1.remind-every", "0s");

  static final Map<String, String> RULES = Map.of("door.left-open", "3s");

  final AlertingCore core;
  final OutboxDispatcher dispatcher;
  final List<DeviceCommand> commands = new CopyOnWriteArrayList<>();

  CoreRig(DataSource db, ChannelSender channels, AlertingCore.Settings settings) throws Exception {
    this(db, channels, settings, AlertingMetrics.NOOP);
  }

  CoreRig(
      DataSource db,
      ChannelSender channels,
      AlertingCore.Settings settings,
      AlertingMetrics metrics)
      throws Exception {
    Clock clock = Clock.systemUTC();
    FakeDirectory directory = new FakeDirectory();
    directory.escalation = FacilityEscalation.parse(ESCALATION);
    RuleEngine engine = RuleEngine.withRules(FacilityRules.parse(RULES));
    AlertDesk desk =
        new AlertDesk(new AlertBook(new UlidSource(new SecureRandom())), new Escalator(directory));
    RetryPolicy retry = RetryPolicy.defaults();
    dispatcher =
        OutboxDispatcher.start(
            new JdbcOutbox(db, clock),
            channels,
            retry,
            clock,
            new OutboxDispatcher.Settings(Duration.ofMillis(50), 100, Duration.ofSeconds(5)));
    core =
        AlertingCore.start(
            settings,
            new AlertingCore.Parts(
                engine,
                desk,
                new JdbcAlertStore(db, clock),
                new JdbcEventHistory(db),
                channels,
                retry,
                dispatcher::sendNow,
                commands::add,
                clock,
                metrics));
  }

  static AlertingCore.Settings fastSettings() {
    return AlertingCore.Settings.defaults().withRetryInterval(Duration.ofMillis(200));
  }

  /** An event of dev-1 (or another device of res-12), received now. */
  static Observation observation(
      String device, long seq, EventType type, Map<String, Object> data) {
    Event e = new Event(device, seq, type, null, null, null, data);
    return new Observation(e, FACILITY, device, "sensor", "r-101", "res-12", Instant.now());
  }

  /** Stores an event as ingest would, so that a restart can replay it. */
  static void store(DataSource db, Observation o) throws SQLException {
    String sql =
        "INSERT INTO event (received_at, device_id, seq, facility_id, type, data, transport)"
            + " VALUES (?, ?, ?, ?, ?, ?::jsonb, 'mqtt')";
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(o.receivedAt()));
      ps.setString(2, o.device());
      ps.setLong(3, o.event().seq());
      ps.setString(4, o.facility());
      ps.setString(5, o.event().type().wireName());
      ps.setString(
          6,
          new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(o.event().data()));
      ps.executeUpdate();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new SQLException(e);
    }
  }

  /** Provisions facility fuyuan and its device so that the event table's rows join. */
  static void provision(DataSource db, String... devices) throws SQLException {
    try (Connection c = db.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO facility (id, name) VALUES (?, 'Fuyuan') ON CONFLICT DO NOTHING")) {
        ps.setString(1, FACILITY);
        ps.executeUpdate();
      }
      for (String d : devices) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO device (id, facility_id, kind, room, resident_id)"
                    + " VALUES (?, ?, 'sensor', 'r-101', 'res-12') ON CONFLICT DO NOTHING")) {
          ps.setString(1, d);
          ps.setString(2, FACILITY);
          ps.executeUpdate();
        }
      }
    }
  }

  @Override
  public void close() {
    core.close();
    dispatcher.close();
  }

  /** Stops without flushing anything, as close to a crash as one JVM allows. */
  void abandon() {
    core.close(Duration.ZERO);
    dispatcher.close();
  }
}
