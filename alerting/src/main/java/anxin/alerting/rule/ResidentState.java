package anxin.alerting.rule;

import anxin.alerting.RuleId;

/** What the engine remembers about one resident: recent falls and, if lives-alone, activity. */
final class ResidentState {

  final String id;

  /** Event times (ms) of recent falls, oldest first; pruned past the repeated-fall window. */
  long[] falls = new long[0];

  /** Latest activity, ms since the epoch; the inactivity count starts here. */
  long lastActivity = DeviceState.NONE;

  /** Null until the resident is seen with the lives-alone flag. */
  Timer inactivity;

  ResidentState(String id) {
    this.id = id;
  }

  Timer inactivity(FacilityState facility) {
    if (inactivity == null) {
      inactivity = new Timer(RuleId.INACTIVITY, facility, null, this, null);
    }
    return inactivity;
  }
}
