package anxin.alerting.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.Alert;
import anxin.alerting.AlertOutcome;
import anxin.alerting.AlertState;
import anxin.alerting.DeviceCommand;
import anxin.alerting.NotificationIntent;
import anxin.alerting.RuleId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Escalator} over a {@link FakeDirectory} on a clock that moves only when told, in
 * milliseconds; records every intent with the time it was handed on.
 */
final class EscalationHarness {

  /** A Tuesday, 10:00 in Shanghai: the day shift is on. */
  static final Instant DAY = at("2026-03-10T10:00:00");

  /** The same night, 02:00 in Shanghai: the night shift is on, family quiet hours too. */
  static final Instant NIGHT = at("2026-03-11T02:00:00");

  final FakeDirectory directory = new FakeDirectory();
  final Escalator escalator = new Escalator(directory);
  final List<NotificationIntent> intents = new ArrayList<>();
  final List<DeviceCommand> commands = new ArrayList<>();
  final List<Paging.StepTaken> steps = new ArrayList<>();
  Instant start;
  Instant now;

  static Instant at(String shanghaiLocal) {
    return LocalDateTime.parse(shanghaiLocal).atZone(FakeDirectory.SHANGHAI).toInstant();
  }

  /** An alert as the alert book would open it now: device {@code dev-<id>}, resident res-12. */
  Alert open(String id, RuleId rule, String room, Instant at) {
    start = at;
    now = at;
    Alert a = alert(id, rule, room, "res-12", AlertState.OPEN, null, at);
    record(escalator.opened(a, now));
    return a;
  }

  static Alert alert(
      String id,
      RuleId rule,
      String room,
      String resident,
      AlertState state,
      AlertOutcome outcome,
      Instant openedAt) {
    return new Alert(
        id,
        "fuyuan",
        rule,
        rule.severity(),
        "dev-" + id,
        "dev-" + id,
        resident,
        room,
        state,
        outcome,
        1,
        openedAt,
        openedAt,
        openedAt,
        Duration.ZERO,
        List.of(),
        null,
        null,
        null,
        null,
        null);
  }

  /** Ticks every 250 ms up to {@code start + offset}. */
  void runTo(Duration offset) {
    Instant end = start.plus(offset);
    while (now.isBefore(end)) {
      Instant next = now.plusMillis(250);
      now = next.isAfter(end) ? end : next;
      record(escalator.tick(now));
    }
  }

  /** Ticks once at {@code start + offset}, as after a stall: intents may be late. */
  void stallUntil(Duration offset) {
    now = start.plus(offset);
    Paging p = escalator.tick(now);
    intents.addAll(p.intents());
    steps.addAll(p.steps());
  }

  void acknowledge(Alert a) {
    record(escalator.acknowledged(a, now));
  }

  void resolve(Alert a, AlertOutcome outcome) {
    record(
        escalator.resolved(
            alert(a.id(), a.rule(), a.room(), a.resident(), AlertState.RESOLVED, outcome, start),
            now));
  }

  private void record(Paging p) {
    for (NotificationIntent i : p.intents()) {
      assertThat(i.due()).as("handed on no earlier than due: %s", i).isBeforeOrEqualTo(now);
      assertThat(Duration.between(i.due(), now))
          .as("handed on within a tick of due: %s", i)
          .isLessThanOrEqualTo(Duration.ofMillis(250));
    }
    intents.addAll(p.intents());
    commands.addAll(p.commands());
    steps.addAll(p.steps());
  }

  /** Every intent as {@code <seconds after start> <dedup key> <message kind>}. */
  List<String> table() {
    List<String> out = new ArrayList<>();
    for (NotificationIntent i : intents) {
      out.add(seconds(i.due()) + " " + i.dedupKey() + " " + i.kind());
    }
    return out;
  }

  /** Seconds after start, with milliseconds when not whole, e.g. {@code 60s} or {@code 59.999s}. */
  String seconds(Instant t) {
    long ms = Duration.between(start, t).toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : String.format("%d.%03ds", ms / 1000, ms % 1000);
  }
}
