package anxin.platform.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A gateway's status message, validated (docs/protocol.md §8).
 *
 * @param facility facility id from the topic, never null
 * @param gateway gateway id from the topic, never null
 * @param online true for {@code "state":"online"}, false for {@code offline}
 * @param version {@code ver}, at most 64 characters, or null when absent
 * @param queued events waiting in the gateway's journal, 0 to 10^9, or null when absent
 * @param evicted events its journal evicted to stay within its disk quota since it was created
 *     (never alarms), or null when absent
 * @param localAlarmsJson {@code local_alarms} as a JSON array text, or null when absent
 * @param receivedAt when the platform received it, never null
 */
public record GatewayReport(
    String facility,
    String gateway,
    boolean online,
    String version,
    Long queued,
    Long evicted,
    String localAlarmsJson,
    Instant receivedAt) {

  public GatewayReport {
    Objects.requireNonNull(facility, "facility");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }
}
