package anxin.alerting.escalation;

import anxin.alerting.Setting;

/**
 * Every escalation setting of a facility with its key, default, unit and one-line description, in
 * one place: {@link FacilityEscalation#parse} reads them, and the table in {@code
 * docs/alerting-escalation.md} is {@link #markdownTable()} (a test keeps the two equal).
 *
 * <p>Steps beyond the defaults are added as {@code p<n>.step.<k>} with the next {@code k}; a
 * default step is removed with an empty value, together with every later step.
 */
public enum EscalationSetting implements Setting {
  LANGUAGE("language", "zh-CN", Unit.LANGUAGE, "Language of staff and family without their own"),
  FAMILY_QUIET_HOURS(
      "family.quiet-hours",
      "22:00-07:00",
      Unit.WINDOW,
      "Quiet hours of family contacts without their own; non-P1 SMS waits until they end"),
  SMS_NIGHT(
      "sms.night",
      "22:00-07:00",
      Unit.WINDOW,
      "Night in which SMS of a severity with `sms-at-night=false` waits until it ends"),
  P1_STEP_1(
      "p1.step.1",
      "0s; zone_caregivers; console,webhook",
      Unit.STEP,
      "P1 step 1: on-duty caregivers of the resident's zone"),
  P1_STEP_2(
      "p1.step.2",
      "60s; on_duty_staff,supervisor; console,webhook,sms",
      Unit.STEP,
      "P1 step 2: every on-duty staff member and the shift supervisor"),
  P1_STEP_3(
      "p1.step.3",
      "180s; managers,family; sms",
      Unit.STEP,
      "P1 step 3: facility manager and the resident's family"),
  P1_REMIND("p1.remind-every", "120s", Unit.DURATION, "P1 reminders to the last step; 0s for none"),
  P1_SMS_AT_NIGHT(
      "p1.sms-at-night", "true", Unit.BOOLEAN, "P1 SMS leaves at night (must stay true)"),
  P2_STEP_1(
      "p2.step.1",
      "0s; zone_caregivers; console,webhook",
      Unit.STEP,
      "P2 step 1: on-duty caregivers of the resident's zone"),
  P2_STEP_2(
      "p2.step.2",
      "180s; on_duty_staff,supervisor; console,webhook,sms",
      Unit.STEP,
      "P2 step 2: every on-duty staff member and the shift supervisor"),
  P2_STEP_3(
      "p2.step.3",
      "600s; managers,family; sms",
      Unit.STEP,
      "P2 step 3: manager and family (family SMS waits for the end of quiet hours)"),
  P2_REMIND("p2.remind-every", "600s", Unit.DURATION, "P2 reminders to the last step; 0s for none"),
  P2_SMS_AT_NIGHT(
      "p2.sms-at-night", "true", Unit.BOOLEAN, "P2 SMS leaves at night (family quiet hours apply)"),
  P3_STEP_1(
      "p3.step.1",
      "0s; on_duty_staff; console",
      Unit.STEP,
      "P3 step 1: the console of every on-duty staff member"),
  P3_REMIND("p3.remind-every", "0s", Unit.DURATION, "P3 reminders; 0s for none"),
  P3_SMS_AT_NIGHT(
      "p3.sms-at-night", "false", Unit.BOOLEAN, "P3 SMS, if configured, waits for the night's end"),
  P3_DIGEST_AT(
      "p3.digest-at",
      "08:00",
      Unit.LOCAL_TIME,
      "Local time of the daily digest of the P3 alerts opened since the day before at this time"),
  P3_DIGEST_TO(
      "p3.digest-to",
      "managers",
      Unit.AUDIENCES,
      "Who gets the digest: `managers`, `supervisor`, `on_duty_staff` (on duty at its time)"),
  P3_DIGEST_CHANNELS(
      "p3.digest-channels",
      "console,webhook",
      Unit.CHANNELS,
      "Channels of the digest: `console`, `webhook` (never `sms`)");

  /** The type of a setting's value and how it is written. */
  public enum Unit {
    DURATION("duration", "`0s`, `60s`, `10min`, `1h` or ISO-8601 `PT60S`"),
    WINDOW("daily window", "`HH:mm-HH:mm` (crossing midnight when the end is earlier) or `none`"),
    LANGUAGE("language", "`zh-CN` or `en`"),
    STEP("step", "`<delay>; <audiences>; <channels>`, lists comma-separated"),
    BOOLEAN("boolean", "`true` or `false`"),
    LOCAL_TIME("local time", "`HH:mm` in the facility's zone, or `none`"),
    AUDIENCES("audiences", "audience names, comma-separated"),
    CHANNELS("channels", "channel names, comma-separated");

    private final String label;
    private final String format;

    Unit(String label, String format) {
      this.label = label;
      this.format = format;
    }

    /** Short name for docs, e.g. {@code step}. */
    public String label() {
      return label;
    }

    /** How values are written, for docs. */
    public String format() {
      return format;
    }
  }

  private final String key;
  private final String defaultValue;
  private final Unit unit;
  private final String description;

  EscalationSetting(String key, String defaultValue, Unit unit, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.unit = unit;
    this.description = description;
  }

  /** The configuration key, e.g. {@code p1.step.2}. */
  @Override
  public String key() {
    return key;
  }

  /** The default, written as in a configuration file. */
  @Override
  public String defaultValue() {
    return defaultValue;
  }

  /** The value's type and unit. */
  public Unit unit() {
    return unit;
  }

  /** One line for docs and {@code --help}. */
  @Override
  public String description() {
    return description;
  }

  /** The configuration table of {@code docs/alerting-escalation.md}, generated from this enum. */
  public static String markdownTable() {
    return Setting.markdownTable(values());
  }

  @Override
  public String unitLabel() {
    return unit.label();
  }
}
