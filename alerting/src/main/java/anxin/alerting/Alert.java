package anxin.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of one alert (DESIGN §5). The alert book keeps the live alert; every change gives a
 * new snapshot. Its history is its {@link Timeline}.
 *
 * @param id sortable unique id (ids of later alerts sort after earlier ones), never null
 * @param facility facility id, never null
 * @param rule the rule that opened it, never null
 * @param severity its severity, never null
 * @param subject what it is about: {@link RuleAction#subject()} of its triggers (device, gateway or
 *     resident id); part of the key {@code (facility, rule, subject)} that merges retriggers
 * @param device device id (gateway id for {@code gateway_offline}), or null
 * @param resident resident id, or null
 * @param room room label, or null
 * @param state where it is in its lifecycle, never null
 * @param outcome how it ended; null unless {@link AlertState#RESOLVED}
 * @param count triggers merged into it, at least 1
 * @param openedAt when the alert book opened it (platform time); escalation delays count from here
 * @param firstSeen event time of the first trigger
 * @param lastSeen latest event time of any trigger
 * @param delayed age of the opening trigger's event when it came late, {@link Duration#ZERO} when
 *     fresh
 * @param notes distinct notes of its triggers in arrival order (e.g. {@code 2nd fall within 24 h}),
 *     never null
 * @param acknowledgedAt when it was first acknowledged, or null
 * @param acknowledgedBy who first acknowledged it, or null
 * @param resolvedAt when it was resolved, or null
 * @param resolvedBy who resolved it ({@code rule:<rule>} for a rule's clear), or null
 * @param resolutionNote the note given on resolution, or null
 */
public record Alert(
    String id,
    String facility,
    RuleId rule,
    Severity severity,
    String subject,
    String device,
    String resident,
    String room,
    AlertState state,
    AlertOutcome outcome,
    int count,
    Instant openedAt,
    Instant firstSeen,
    Instant lastSeen,
    Duration delayed,
    List<String> notes,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant resolvedAt,
    String resolvedBy,
    String resolutionNote) {

  public Alert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(facility, "facility");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(delayed, "delayed");
    notes = List.copyOf(notes);
    if ((state == AlertState.RESOLVED) != (outcome != null)) {
      throw new IllegalArgumentException(
          "alert " + id + " is " + state + " with outcome " + outcome);
    }
  }

  /** True while it is open or acknowledged: a trigger with its key is merged into it. */
  public boolean isActive() {
    return state != AlertState.RESOLVED;
  }
}
