package anxin.gateway.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.gateway.StatusAttachment;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlarmLogTest {

  private static final Instant T = Instant.parse("2026-01-10T03:00:00Z");

  @TempDir Path dir;

  @Test
  void snapshot_onlyFinishedAlarms_inOrder_untilDelivered() throws Exception {
    Path file = dir.resolve("a.jsonl");
    try (AlarmLog log = AlarmLog.open(file)) {
      LocalAlarm a = log.raised(Event.of("pb-1", 1, EventType.PANIC), T, 20_000);
      LocalAlarm b = log.raised(Event.of("fd-1", 2, EventType.FALL), T, 21_000);
      assertThat(log.snapshot()).isNull(); // both still running
      log.outcome(b.number(), new Outcome("ok", "http 500"));
      assertThat(log.snapshot()).isNull(); // a is older and still running: keep the order
      log.outcome(a.number(), new Outcome("timeout", "ok"));

      StatusAttachment.Snapshot s = log.snapshot();
      assertThat(s.jsonMembers()).contains("\"seq\":1", "\"seq\":2", "\"webhook\":\"http 500\"");
      log.delivered(s);
      assertThat(log.snapshot()).isNull();
      assertThat(log.unreported()).isEmpty();
    }
  }

  @Test
  void reopen_keepsUnreported_restartCutActionsShort_reportsUnknown_andSkipsATornLine()
      throws Exception {
    Path file = dir.resolve("a.jsonl");
    try (AlarmLog log = AlarmLog.open(file)) {
      LocalAlarm a = log.raised(Event.of("pb-1", 1, EventType.PANIC), T, 20_000);
      log.outcome(a.number(), new Outcome("ok", "ok"));
      log.delivered(log.snapshot());
      log.raised(Event.of("pb-1", 2, EventType.PANIC), T, 25_000); // killed before its outcome
    }
    Files.writeString(file, "{\"rec\":\"raised\",\"n\":9,\"de", StandardOpenOption.APPEND);

    try (AlarmLog log = AlarmLog.open(file)) {
      assertThat(log.unreported()).hasSize(1);
      assertThat(log.snapshot().jsonMembers())
          .contains("\"seq\":2", "\"command\":\"unknown\"")
          .doesNotContain("\"seq\":1,");
      LocalAlarm c = log.raised(Event.of("pb-1", 3, EventType.PANIC), T, 30_000);
      assertThat(c.number()).isGreaterThan(2);
    }
    try (AlarmLog log = AlarmLog.open(file)) {
      assertThat(log.unreported()).hasSize(2); // the line after the torn one is readable
    }
  }

  @Test
  void allReported_fileIsCompactedOnOpen_numbersGoOn() throws Exception {
    Path file = dir.resolve("a.jsonl");
    try (AlarmLog log = AlarmLog.open(file)) {
      for (int i = 0; i < 5; i++) {
        LocalAlarm a = log.raised(Event.of("pb-1", i, EventType.PANIC), T, 20_000);
        log.outcome(a.number(), new Outcome("ok", "none"));
      }
      log.delivered(log.snapshot());
    }
    try (AlarmLog log = AlarmLog.open(file)) {
      assertThat(Files.readString(file, StandardCharsets.UTF_8).lines()).hasSize(1);
      assertThat(log.raised(Event.of("pb-1", 9, EventType.PANIC), T, 1).number()).isEqualTo(6);
    }
  }
}
