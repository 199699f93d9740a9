package anxin.alerting.escalation;

import anxin.alerting.NotificationIntent.Channel;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The daily digest of a facility's P3 (technical) alerts (DESIGN §5: "P3 goes to the console and a
 * daily digest, never SMS at night"): when it is due, who gets it and on which channels.
 *
 * @param at the local time (in the roster's zone) it is due every day, covering the day before it;
 *     null for no digest
 * @param to who gets it: {@link Audience#MANAGERS}, {@link Audience#SUPERVISOR} and {@link
 *     Audience#ON_DUTY_STAFF} only (a digest has no zone and no resident); never empty
 * @param channels {@link Channel#CONSOLE} and {@link Channel#WEBHOOK} only, never SMS; never empty
 */
public record DigestPolicy(LocalTime at, Set<Audience> to, Set<Channel> channels) {

  /** Audiences a digest may go to. */
  public static final Set<Audience> AUDIENCES =
      Set.of(Audience.MANAGERS, Audience.SUPERVISOR, Audience.ON_DUTY_STAFF);

  /** Channels a digest may go on. */
  public static final Set<Channel> CHANNELS = Set.of(Channel.CONSOLE, Channel.WEBHOOK);

  public DigestPolicy {
    to = to.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(to));
    channels = channels.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(channels));
    List<String> problems = problems(to, channels);
    if (!problems.isEmpty()) {
      throw new InvalidEscalationException(problems);
    }
  }

  /** What is wrong with a digest's audiences and channels; empty when nothing. */
  static List<String> problems(Set<Audience> to, Set<Channel> channels) {
    List<String> problems = new ArrayList<>();
    if (to.isEmpty()) {
      problems.add(EscalationSetting.P3_DIGEST_TO.key() + " names no audience");
    }
    for (Audience a : to) {
      if (!AUDIENCES.contains(a)) {
        problems.add(
            EscalationSetting.P3_DIGEST_TO.key()
                + " may name managers, supervisor, on_duty_staff: "
                + a);
      }
    }
    if (channels.isEmpty()) {
      problems.add(EscalationSetting.P3_DIGEST_CHANNELS.key() + " names no channel");
    }
    if (channels.contains(Channel.SMS)) {
      problems.add(
          EscalationSetting.P3_DIGEST_CHANNELS.key()
              + " may name console and webhook, never sms: the digest is not worth a text");
    }
    return problems;
  }

  /** True when the facility gets a digest. */
  public boolean enabled() {
    return at != null;
  }

  /**
   * The staff who get the digest due at the instant, each once, in audience order (managers, then
   * on-duty supervisors, then on-duty staff) then roster order. Managers get it on duty or not, as
   * in escalation; the others when one of their shifts covers the instant.
   */
  public List<Staff> recipients(Roster roster, Instant at) {
    Map<String, Staff> out = new LinkedHashMap<>();
    if (to.contains(Audience.MANAGERS)) {
      for (Staff s : roster.staff()) {
        if (s.is(Role.MANAGER)) {
          out.putIfAbsent(s.id(), s);
        }
      }
    }
    List<Staff> onDuty =
        to.contains(Audience.SUPERVISOR) || to.contains(Audience.ON_DUTY_STAFF)
            ? roster.onDuty(at)
            : List.of();
    if (to.contains(Audience.SUPERVISOR)) {
      for (Staff s : onDuty) {
        if (s.is(Role.SUPERVISOR)) {
          out.putIfAbsent(s.id(), s);
        }
      }
    }
    if (to.contains(Audience.ON_DUTY_STAFF)) {
      onDuty.forEach(s -> out.putIfAbsent(s.id(), s));
    }
    return new ArrayList<>(out.values());
  }
}
