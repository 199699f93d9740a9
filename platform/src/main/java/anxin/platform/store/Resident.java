package anxin.platform.store;

import java.util.Set;

/**
 * A resident: personal data, shown only to staff and managers of the facility.
 *
 * @param id resident id
 * @param facility facility id
 * @param displayName the name staff know them by, or null
 * @param room room label, or null
 * @param care care-plan flags ({@code wandering_risk}, {@code lives_alone}, {@code fall_risk})
 */
public record Resident(
    String id, String facility, String displayName, String room, Set<String> care) {

  public Resident {
    care = Set.copyOf(care);
  }
}
