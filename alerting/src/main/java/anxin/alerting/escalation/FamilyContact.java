package anxin.alerting.escalation;

import java.util.Objects;

/**
 * A family member (or neighbour, social worker) to text about a resident.
 *
 * @param id contact id, never null
 * @param resident the resident they are told about, never null
 * @param phone SMS number, never null
 * @param language {@code zh-CN} or {@code en}, or null for the facility's default ({@code
 *     family.language}, {@code zh-CN})
 * @param quietHours local hours in which non-P1 messages are held back until the window ends, or
 *     null for the facility's default ({@code family.quiet-hours}); {@link DailyWindow#NEVER} for
 *     none
 * @param toldOfResolution whether they get a message when an alert they were told of is resolved
 */
public record FamilyContact(
    String id,
    String resident,
    String phone,
    String language,
    DailyWindow quietHours,
    boolean toldOfResolution) {

  public FamilyContact {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(resident, "resident");
    Objects.requireNonNull(phone, "phone");
  }
}
