package anxin.alerting;

/**
 * Every facility-level rule setting with its key, default, unit and one-line description, in one
 * place: {@link FacilityRules#parse} reads them, and the configuration table in {@code
 * docs/alerting-rules.md} is {@link #markdownTable()} (a test keeps the two equal).
 *
 * <p>Per-resident and per-device keys are not listed here: {@code resident.<id>.care} and {@code
 * device.<id>.heartbeat} (see {@link FacilityRules#parse}).
 */
public enum RuleSetting implements Setting {
  ZONE("zone", "Asia/Shanghai", Unit.ZONE, "Time zone of every local-time window below"),
  NIGHT_START(
      "night.start", "22:00", Unit.LOCAL_TIME, "Start of the night (night exit, not back in bed)"),
  NIGHT_END(
      "night.end",
      "06:00",
      Unit.LOCAL_TIME,
      "End of the night, exclusive; before the start means across midnight"),
  EXIT_DOORS(
      "night-exit.doors",
      "main",
      Unit.NAMES,
      "Doors (`data.door`) that count as exits for night exit"),
  NIGHT_EXIT_GRACE(
      "night-exit.grace",
      "60s",
      Unit.DURATION,
      "Night exit fires when the exit door is not closed within this"),
  FALL_CANCEL_WINDOW(
      "fall.cancel-window",
      "30s",
      Unit.DURATION,
      "A `fall_cancel` this soon after a fall resolves it as cancelled by resident"),
  REPEATED_FALL_WINDOW(
      "fall.repeat-window",
      "24h",
      Unit.DURATION,
      "Falls of one resident this close together are noted as repeated"),
  DOOR_LEFT_OPEN(
      "door.left-open",
      "15min",
      Unit.DURATION,
      "Door left open fires when a door stays open this long"),
  NOT_BACK_IN_BED(
      "bed.not-back",
      "20min",
      Unit.DURATION,
      "Not back in bed fires this long after a night `bed_exit` without `bed_return`"),
  INACTIVITY_AFTER(
      "inactivity.after",
      "12h",
      Unit.DURATION,
      "Inactivity fires after this much day-window time without activity"),
  DAY_START(
      "inactivity.day.start",
      "07:00",
      Unit.LOCAL_TIME,
      "Start of the window in which inactivity time is counted"),
  DAY_END(
      "inactivity.day.end",
      "22:00",
      Unit.LOCAL_TIME,
      "End of that window, exclusive; must be after the start"),
  HEARTBEAT(
      "heartbeat",
      "5min",
      Unit.DURATION,
      "Heartbeat interval of a device without its own `device.<id>.heartbeat`"),
  SILENT_HEARTBEATS(
      "device.silent-heartbeats",
      "3",
      Unit.COUNT,
      "Device silent fires after this many heartbeat intervals without a message"),
  GATEWAY_SILENT(
      "gateway.silent",
      "2min",
      Unit.DURATION,
      "Gateway offline fires when no status arrives for this long"),
  BATTERY_LOW_PERCENT(
      "battery.low-percent",
      "15",
      Unit.PERCENT,
      "Battery low fires at or below this `bat` (once per device per local day)"),
  LATE_AFTER(
      "late.after",
      "60s",
      Unit.DURATION,
      "An in-order event older than this is also marked delayed");

  /** The type of a setting's value and how it is written. */
  public enum Unit {
    DURATION("duration", "`500ms`, `30s`, `15min`, `12h`, `1d` or ISO-8601 `PT30S`"),
    LOCAL_TIME("local time", "`HH:mm`"),
    ZONE("time zone", "IANA id, e.g. `Asia/Shanghai`"),
    NAMES("names", "comma-separated"),
    COUNT("count", "integer ≥ 1"),
    PERCENT("percent", "integer 0..100");

    private final String label;
    private final String format;

    Unit(String label, String format) {
      this.label = label;
      this.format = format;
    }

    /** Short name for docs, e.g. {@code duration}. */
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

  RuleSetting(String key, String defaultValue, Unit unit, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.unit = unit;
    this.description = description;
  }

  /** The configuration key, e.g. {@code door.left-open}. */
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

  /** The configuration table of {@code docs/alerting-rules.md}, generated from this enum. */
  public static String markdownTable() {
    return Setting.markdownTable(values());
  }

  @Override
  public String unitLabel() {
    return unit.label();
  }
}
