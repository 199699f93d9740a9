package anxin.alerting.rule;

import anxin.alerting.RuleId;

/** What the engine remembers about one gateway. */
final class GatewayState {

  final String id;
  final Timer offline;

  /** Last status of any kind, ms since the epoch. */
  long lastStatus;

  /** The last status said offline. */
  boolean offlineReported;

  GatewayState(String id, FacilityState facility) {
    this.id = id;
    this.offline = new Timer(RuleId.GATEWAY_OFFLINE, facility, null, null, this);
  }
}
