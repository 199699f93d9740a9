package anxin.alerting.rule;

import anxin.alerting.RuleAction;
import anxin.alerting.RuleAction.Clear;
import anxin.alerting.RuleAction.Outcome;
import anxin.alerting.RuleAction.Trigger;
import anxin.alerting.RuleId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The actions of one engine call, collected in a reused list so that a call that fires nothing
 * allocates nothing for its result.
 */
final class Actions {

  private final ArrayList<RuleAction> pending = new ArrayList<>();
  Instant now;
  long nowMillis;

  void begin(Instant now) {
    pending.clear();
    this.now = now;
    this.nowMillis = now.toEpochMilli();
  }

  List<RuleAction> end() {
    if (pending.isEmpty()) {
      return List.of();
    }
    List<RuleAction> out = List.copyOf(pending);
    pending.clear();
    return out;
  }

  void trigger(
      RuleId rule,
      FacilityState f,
      String device,
      String resident,
      String room,
      long eventAt,
      long delayedMillis,
      String note,
      Long seq) {
    pending.add(
        new Trigger(
            rule,
            rule.severity(),
            f.id,
            device,
            resident,
            room,
            now,
            Instant.ofEpochMilli(eventAt),
            delayedMillis <= 0 ? Duration.ZERO : Duration.ofMillis(delayedMillis),
            note,
            seq));
  }

  void clear(RuleId rule, FacilityState f, String device, String resident, Outcome outcome) {
    pending.add(new Clear(rule, f.id, device, resident, outcome, now));
  }
}
