package anxin.alerting;

import java.time.Instant;
import java.util.Objects;

/**
 * A gateway's status message (DESIGN §3: retained, republished every 30 s, {@code offline} as its
 * Last Will), as alerting receives it.
 *
 * @param facility facility id, never null
 * @param gateway gateway id, never null
 * @param state online or offline
 * @param at when the platform received the status, never null
 */
public record GatewayStatus(String facility, String gateway, State state, Instant at) {

  /** The gateway's reported state. */
  public enum State {
    ONLINE,
    OFFLINE
  }

  public GatewayStatus {
    Objects.requireNonNull(facility, "facility");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(at, "at");
  }
}
