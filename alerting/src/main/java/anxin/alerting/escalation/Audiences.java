package anxin.alerting.escalation;

import anxin.alerting.Alert;
import anxin.alerting.NotificationIntent.Channel;
import anxin.alerting.NotificationIntent.Recipient;
import anxin.alerting.NotificationIntent.RecipientKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a step's audiences into people, and people into addresses per channel. */
final class Audiences {

  /** A staff member or a family contact (exactly one is set). */
  record Person(Staff staff, FamilyContact contact) {

    String key() {
      return staff != null ? "staff." + staff.id() : "family." + contact.id();
    }

    boolean isFamily() {
      return contact != null;
    }

    /** Where the person gets messages on the channel, or null when they cannot. */
    Recipient on(Channel channel) {
      if (contact != null) {
        return channel == Channel.SMS
            ? new Recipient(contact.id(), RecipientKind.FAMILY, contact.phone())
            : null;
      }
      String address =
          switch (channel) {
            case CONSOLE -> staff.id();
            case WEBHOOK -> staff.webhook();
            case SMS -> staff.phone();
          };
      return address == null || address.isBlank()
          ? null
          : new Recipient(staff.id(), RecipientKind.STAFF, address);
    }

    String language(FacilityEscalation config) {
      String own = staff != null ? staff.language() : contact.language();
      return own == null ? config.language() : own;
    }
  }

  private Audiences() {}

  /** The people of the audiences at the instant, each once, in audience order then roster order. */
  static List<Person> resolve(
      Set<Audience> audience, Alert alert, Roster roster, Directory directory, Instant at) {
    Map<String, Person> out = new LinkedHashMap<>();
    List<Staff> onDuty = null;
    for (Audience a : Audience.values()) {
      if (!audience.contains(a)) {
        continue;
      }
      if (a != Audience.MANAGERS && a != Audience.FAMILY && onDuty == null) {
        onDuty = roster.onDuty(at);
      }
      switch (a) {
        case ZONE_CAREGIVERS -> {
          String zone = roster.zoneOf(alert.room());
          for (Staff s : onDuty) {
            if (zone != null && s.is(Role.CAREGIVER) && s.zones().contains(zone)) {
              add(out, new Person(s, null));
            }
          }
        }
        case ON_DUTY_STAFF -> onDuty.forEach(s -> add(out, new Person(s, null)));
        case SUPERVISOR -> {
          for (Staff s : onDuty) {
            if (s.is(Role.SUPERVISOR)) {
              add(out, new Person(s, null));
            }
          }
        }
        case MANAGERS -> {
          for (Staff s : roster.staff()) {
            if (s.is(Role.MANAGER)) {
              add(out, new Person(s, null));
            }
          }
        }
        case FAMILY -> {
          if (alert.resident() != null) {
            directory
                .family(alert.facility(), alert.resident())
                .forEach(c -> add(out, new Person(null, c)));
          }
        }
      }
    }
    return new ArrayList<>(out.values());
  }

  private static void add(Map<String, Person> out, Person p) {
    out.putIfAbsent(p.key(), p);
  }
}
