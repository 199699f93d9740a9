package anxin.alerting.escalation;

import anxin.alerting.Severity;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The escalation configuration of one facility (DESIGN §5), as data: a policy per severity, the
 * default language and family quiet hours, and the night in which SMS of some severities waits.
 * Defaults, units and descriptions live in {@link EscalationSetting}; {@link #defaults()} and
 * {@link #parse(Map)} build from them.
 *
 * @param language language of staff and family contacts without their own, {@code zh-CN} or {@code
 *     en}
 * @param familyQuietHours quiet hours of family contacts without their own
 * @param smsNight the night of {@link EscalationPolicy#smsAtNight()}
 * @param policies a policy for every severity
 * @param digest the daily digest of P3 alerts
 */
public record FacilityEscalation(
    String language,
    DailyWindow familyQuietHours,
    DailyWindow smsNight,
    Map<Severity, EscalationPolicy> policies,
    DigestPolicy digest) {

  /** Languages that message templates exist for. */
  public static final List<String> LANGUAGES = List.of("zh-CN", "en");

  static final String P1_SMS_AT_NIGHT_PROBLEM =
      "p1.sms-at-night must be true: a life-safety page never waits for morning";

  private static final FacilityEscalation DEFAULTS = parse(Map.of());

  public FacilityEscalation {
    List<String> problems = new ArrayList<>();
    if (!LANGUAGES.contains(language)) {
      problems.add("language must be one of " + LANGUAGES + ": " + language);
    }
    Objects.requireNonNull(familyQuietHours, "familyQuietHours");
    Objects.requireNonNull(smsNight, "smsNight");
    Objects.requireNonNull(digest, "digest");
    policies = policies.isEmpty() ? Map.of() : new EnumMap<>(policies);
    for (Severity s : Severity.values()) {
      EscalationPolicy p = policies.get(s);
      if (p == null) {
        problems.add("no escalation policy for " + s);
      } else if (p.severity() != s) {
        problems.add("the policy for " + s + " is for " + p.severity());
      } else if (p.steps().isEmpty()) {
        problems.add(prefix(s) + "step.1 is missing: a policy needs at least one step");
      }
    }
    EscalationPolicy p1 = policies.get(Severity.P1);
    if (p1 != null && !p1.smsAtNight()) {
      problems.add(P1_SMS_AT_NIGHT_PROBLEM);
    }
    if (!problems.isEmpty()) {
      throw new InvalidEscalationException(problems);
    }
    policies = Map.copyOf(policies);
  }

  /** Every setting at its default (DESIGN §5). */
  public static FacilityEscalation defaults() {
    return DEFAULTS;
  }

  /**
   * Reads flat key/value settings: the {@link EscalationSetting} keys (absent keys keep their
   * default) and extra steps {@code p<n>.step.<k>}.
   *
   * @throws InvalidEscalationException listing every unknown key, unreadable and invalid value
   */
  public static FacilityEscalation parse(Map<String, String> settings) {
    return EscalationParser.parse(settings);
  }

  /** The policy for a severity. */
  public EscalationPolicy policy(Severity severity) {
    return policies.get(severity);
  }

  static String prefix(Severity s) {
    return s.name().toLowerCase(java.util.Locale.ROOT) + ".";
  }
}
