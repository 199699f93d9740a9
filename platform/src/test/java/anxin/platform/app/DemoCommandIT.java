package anxin.platform.app;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.testing.MqttBroker;
import anxin.testing.Postgres;
import anxin.testing.TestServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's demo on the real broker and database: the Wenshan homes' devices publish, the fall
 * at 02:13 in 文山市社会福利院 opens a P1 alert, the duty robot gets the page, and the demo prints the
 * console URL with the three tokens.
 */
@ExtendWith(TestServices.class)
class DemoCommandIT {

  @Test
  void demo_fromBeforeTheFall_opensTheFallAlertAndPagesTheRobot(
      MqttBroker broker, Postgres server, @TempDir Path dataDir) throws Exception {
    Postgres db = server.freshDatabase();
    StringWriter printed = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(printed, true));

    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    root.addAppender(logs);
    String run = UUID.randomUUID().toString().substring(0, 8);
    int exit;
    try {
      exit = runDemo(cli, broker, db, dataDir, run);
    } finally {
      root.detachAppender(logs);
    }

    String out = printed.toString();
    assertThat(exit).as(out).isZero();
    assertNoPersonalData(logs.list);
    checkOutput(out, db);
  }

  /**
   * Residents' data is personal health data (issue 9): no resident name and no phone number may
   * reach the log, at any level the demo logs at with --verbose.
   */
  private static void assertNoPersonalData(List<ch.qos.logback.classic.spi.ILoggingEvent> events) {
    assertThat(events).as("the demo logged something").isNotEmpty();
    Pattern phone = Pattern.compile("\\+86\\d{9,}|(?<!\\d)1[3-9]\\d{9}(?!\\d)");
    java.util.Set<String> names = anxin.platform.demo.Wenshan.residentNames();
    for (ch.qos.logback.classic.spi.ILoggingEvent e : events) {
      StringBuilder text = new StringBuilder(e.getFormattedMessage());
      for (ch.qos.logback.classic.spi.IThrowableProxy t = e.getThrowableProxy();
          t != null;
          t = t.getCause()) {
        text.append(' ').append(t.getMessage());
      }
      String line = text.toString();
      assertThat(phone.matcher(line).find()).as("a phone number in the log: %s", line).isFalse();
      for (String name : names) {
        assertThat(line).as("a resident's name in the log").doesNotContain(name);
      }
    }
  }

  private static int runDemo(
      CommandLine cli, MqttBroker broker, Postgres db, Path dataDir, String run) {
    return cli.execute(
        "demo",
        "--broker",
        broker.serverUri(),
        "--database",
        db.jdbcUrl(),
        "--set",
        "database.user=" + db.user(),
        "--set",
        "database.password=" + db.password(),
        "--set",
        "mqtt.client-id=demo-it-" + run,
        "--set",
        "mqtt.share-group=demo-it-" + run,
        "--set",
        "mqtt.session-expiry=30s",
        "--http-port",
        "0",
        "--data-dir",
        dataDir.toString(),
        "--speed",
        "0",
        "--from",
        "02:10",
        "--for",
        "PT10M",
        "--exit",
        "--verbose");
  }

  private static void checkOutput(String out, Postgres db) throws Exception {
    Matcher done = Pattern.compile("Night over: (\\d+) events sent, 0 failed").matcher(out);
    assertThat(done.find()).as(out).isTrue();
    assertThat(Integer.parseInt(done.group(1))).isGreaterThan(1000);
    assertThat(out)
        .contains("[P1] fall             文山市社会福利院 房间 112 — opened")
        .contains("[P1] fall             独居老人居家 · 广南县 房间 101 — opened")
        .containsPattern(
            "caregiver \\(文山市社会福利院\\): http://127\\.0\\.0\\.1:\\d+/console/#token=anx_")
        .containsPattern(
            "bureau    \\(文山州, read-only\\):  http://127\\.0\\.0\\.1:\\d+/console/#token=anx_")
        .contains("🤖 DingTalk 值班群 ← 紧急:跌倒");
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM alert WHERE rule = 'fall' AND facility_id = 'ws-wenshan'"
                    + " AND room = '112'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }
}
