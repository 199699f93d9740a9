package anxin.alerting;

import java.util.List;
import java.util.Objects;

/**
 * An alert's history, oldest first. Append-only: entries are never changed or removed, so a later
 * snapshot always starts with every entry of an earlier one.
 *
 * @param alertId the alert, never null
 * @param entries the entries, oldest first, never null
 */
public record Timeline(String alertId, List<TimelineEntry> entries) {

  public Timeline {
    Objects.requireNonNull(alertId, "alertId");
    entries = List.copyOf(entries);
  }

  /** The entries of one type, oldest first. */
  public <T extends TimelineEntry> List<T> entries(Class<T> type) {
    return entries.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
