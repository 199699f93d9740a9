package anxin.alerting.lifecycle;

import static anxin.alerting.lifecycle.AlertBookTest.clear;
import static anxin.alerting.lifecycle.AlertBookTest.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.AlertEvent;
import anxin.alerting.AlertEvent.Kind;
import anxin.alerting.Changes;
import anxin.alerting.NotificationIntent;
import anxin.alerting.RuleAction.Outcome;
import anxin.alerting.RuleId;
import anxin.alerting.StaffActionResult.Applied;
import anxin.alerting.TimelineEntry;
import anxin.alerting.escalation.Escalator;
import anxin.alerting.escalation.FakeDirectory;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The book and the escalator together: what the platform sees for each call. */
class AlertDeskTest {

  private static final Instant DAY =
      LocalDateTime.parse("2026-03-10T10:00:00").atZone(FakeDirectory.SHANGHAI).toInstant();

  private final AlertDesk desk =
      new AlertDesk(new AlertBook(new SequentialIds()), new Escalator(new FakeDirectory()));
  private final List<Changes> seen = new ArrayList<>();

  @Test
  void fall_thenCancelWithin30s_resolvesAsCancelledByResident_pageAlreadyLeft() {
    Changes opened = desk.apply(trigger(RuleId.FALL, "fall-1", DAY, null), DAY);
    Changes cleared =
        desk.apply(
            clear(RuleId.FALL, "fall-1", Outcome.CANCELLED_BY_RESIDENT, DAY.plusSeconds(12)),
            DAY.plusSeconds(12));
    Changes later = tickEvery250msFor(600);

    assertThat(opened.events()).extracting(AlertEvent::kind).containsExactly(Kind.OPENED);
    assertThat(opened.intents())
        .extracting(NotificationIntent::dedupKey)
        .containsExactly("A1/1/staff.cg-a/console", "A1/1/staff.cg-a/webhook");
    assertThat(cleared.events()).extracting(AlertEvent::kind).containsExactly(Kind.RESOLVED);
    assertThat(cleared.intents()).isEmpty();
    assertThat(later.isEmpty()).isTrue();
    assertThat(desk.book().timeline("A1").orElseThrow().entries())
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly(
            "Opened", "Escalated", "NotificationIntended", "NotificationIntended", "ClearedByRule");
  }

  @Test
  void acknowledge_stopsEscalationAndReassuresTheDevice_secondAckIsANoOp() {
    desk.apply(trigger(RuleId.PANIC, "pb-1", DAY, null), DAY);
    tickEvery250msFor(30);

    Applied first = (Applied) desk.acknowledge("A1", "cg-a", DAY.plusSeconds(30));
    Applied second = (Applied) desk.acknowledge("A1", "cg-a", DAY.plusSeconds(31));
    Changes later = tickEvery250msFor(3600);

    assertThat(first.changes().events())
        .extracting(AlertEvent::kind)
        .containsExactly(Kind.ACKNOWLEDGED);
    assertThat(first.changes().commands())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.topic()).isEqualTo("anxin/v1/fuyuan/pb-1/cmd");
              assertThat(c.payload()).isEqualTo("{\"cmd\":\"reassure\",\"alert\":\"A1\"}");
            });
    assertThat(second.noop()).isTrue();
    assertThat(later.isEmpty()).isTrue();
    assertThat(
            desk.book().timeline("A1").orElseThrow().entries(TimelineEntry.CommandIntended.class))
        .hasSize(1);
  }

  @Test
  void unanswered_escalatesWithEventsFromStep2_andRecordsEveryIntentInTheTimeline() {
    desk.apply(trigger(RuleId.PANIC, "pb-1", DAY, null), DAY);

    Changes all = tickEvery250msFor(180);

    assertThat(all.events())
        .extracting(e -> e.kind() + " step " + e.step())
        .containsExactly("ESCALATED step 2", "ESCALATED step 3");
    assertThat(desk.book().timeline("A1").orElseThrow().entries(TimelineEntry.Escalated.class))
        .extracting(TimelineEntry.Escalated::step, TimelineEntry.Escalated::recipients)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 1),
            org.assertj.core.groups.Tuple.tuple(2, 3),
            org.assertj.core.groups.Tuple.tuple(3, 3));
    assertThat(
            desk.book()
                .timeline("A1")
                .orElseThrow()
                .entries(TimelineEntry.NotificationIntended.class))
        .hasSize(2 + all.intents().size());
  }

  @Test
  void resolve_afterFamilyWasTold_sendsTheOutcome() {
    desk.apply(trigger(RuleId.PANIC, "pb-1", DAY, null), DAY);
    tickEvery250msFor(200);

    Applied r = (Applied) desk.resolve("A1", "cg-a", "assisted", "helped up", DAY.plusSeconds(200));

    assertThat(r.changes().events()).extracting(AlertEvent::kind).containsExactly(Kind.RESOLVED);
    assertThat(r.changes().intents())
        .extracting(NotificationIntent::dedupKey)
        .containsExactly("A1/resolved/family.fam-1/sms");
    assertThat(r.changes().commands()).isEmpty();
  }

  private Changes tickEvery250msFor(int seconds) {
    Changes all = Changes.NONE;
    for (int ms = 250; ms <= seconds * 1000; ms += 250) {
      all = all.then(desk.tick(DAY.plusMillis(ms)));
    }
    seen.add(all);
    return all;
  }
}
