package anxin.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the rule engine asks of the alert lifecycle: open (or update) an alert, or close one.
 *
 * <p>Ownership: the engine emits a {@link Trigger} every time a rule fires, including a retrigger
 * of the same rule on the same subject while its alert is still open (a second panic press). The
 * alert book, not the engine, knows which alerts are open: it merges a retrigger into the open
 * alert with the same {@code (rule, facility, subject)} (count, last seen) instead of opening a new
 * one (DESIGN §4). A {@link Clear} names the same key; the alert book resolves the open alert with
 * that key with the given outcome, or ignores the clear when none is open.
 */
public sealed interface RuleAction permits RuleAction.Trigger, RuleAction.Clear {

  /** The rule that fired or cleared. */
  RuleId rule();

  /** Facility id. */
  String facility();

  /** Device id (the gateway id for {@link RuleId#GATEWAY_OFFLINE}), or null. */
  String device();

  /** Resident id, or null when the device belongs to no resident. */
  String resident();

  /**
   * What the alert is about, the third part of the alert book's key: the resident for {@link
   * RuleId#INACTIVITY}, otherwise the device (the gateway for {@link RuleId#GATEWAY_OFFLINE}).
   */
  default String subject() {
    return rule().aboutResident() ? resident() : device();
  }

  /**
   * A rule fired.
   *
   * @param rule the rule
   * @param severity the alert's severity
   * @param facility facility id
   * @param device device id, the gateway id for {@link RuleId#GATEWAY_OFFLINE}, null for {@link
   *     RuleId#INACTIVITY}
   * @param resident resident id, or null
   * @param room room label, or null
   * @param firedAt when the engine fired (the {@code now} it was given)
   * @param eventAt when the condition began: the event's time (device clock when it has one,
   *     otherwise receive time) for event rules; the door's opening, the bed exit, the last
   *     activity or the last message heard for timer rules
   * @param delayed the triggering event's age when it came late (out of {@code seq} order, or older
   *     than {@code late.after}), {@link Duration#ZERO} when fresh; zero for timer rules
   * @param note extra words for staff, e.g. {@code 2nd fall within 24 h}, or null
   * @param seq the triggering event's {@code seq}, or null for timer rules
   */
  record Trigger(
      RuleId rule,
      Severity severity,
      String facility,
      String device,
      String resident,
      String room,
      Instant firedAt,
      Instant eventAt,
      Duration delayed,
      String note,
      Long seq)
      implements RuleAction {

    public Trigger {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(facility, "facility");
      Objects.requireNonNull(firedAt, "firedAt");
      Objects.requireNonNull(eventAt, "eventAt");
      Objects.requireNonNull(delayed, "delayed");
    }

    /** True when the triggering event came late ({@link #delayed()} is not zero). */
    public boolean isDelayed() {
      return !delayed.isZero();
    }
  }

  /**
   * A condition that a rule fired for is over.
   *
   * @param rule the rule whose alert this closes
   * @param facility facility id
   * @param device device id (gateway id for {@link RuleId#GATEWAY_OFFLINE}), null for {@link
   *     RuleId#INACTIVITY}
   * @param resident resident id, or null
   * @param outcome how it ended
   * @param at when the engine cleared (the {@code now} it was given)
   */
  record Clear(
      RuleId rule, String facility, String device, String resident, Outcome outcome, Instant at)
      implements RuleAction {

    public Clear {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(facility, "facility");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(at, "at");
    }
  }

  /** How a {@link Clear} ends an alert; the names are the lifecycle's outcomes (DESIGN §5). */
  enum Outcome {
    /** A {@code fall_cancel} from the same device within the cancel window. */
    CANCELLED_BY_RESIDENT("cancelled_by_resident"),
    /** The condition went away: door closed, back in bed, activity, device or gateway heard. */
    AUTO_CLEARED("auto_cleared");

    private final String wireName;

    Outcome(String wireName) {
      this.wireName = wireName;
    }

    /** The outcome's name in DESIGN §5. */
    public String wireName() {
      return wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }
  }
}
