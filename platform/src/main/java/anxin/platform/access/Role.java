package anxin.platform.access;

import java.util.Locale;
import java.util.Optional;

/** API roles (DESIGN §6). */
public enum Role {
  /** Sees and acts on the alerts of their facilities. */
  CAREGIVER,
  /** As a caregiver, and manages their facilities' provisioning. */
  MANAGER,
  /** Reads the facilities of a region or county; never acts, never sees residents' names. */
  BUREAU,
  /** Everything. */
  ADMIN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromWireName(String s) {
    for (Role r : values()) {
      if (r.wireName().equals(s)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
