package anxin.alerting.escalation;

import java.util.List;

/**
 * What escalation needs to know about a facility, kept in memory by the platform and refreshed on
 * change (DESIGN §7). Called on the escalator's thread; must not block.
 */
public interface Directory {

  /** The facility's escalation configuration; never null. */
  FacilityEscalation escalation(String facility);

  /** The facility's roster; never null (an empty roster when none is provisioned). */
  Roster roster(String facility);

  /** The resident's family contacts in the order to text them; empty for a null resident. */
  List<FamilyContact> family(String facility, String resident);
}
