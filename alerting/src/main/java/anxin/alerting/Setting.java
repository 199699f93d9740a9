package anxin.alerting;

/**
 * One configuration key of the alerting core, with its default, unit and one-line description
 * together, so that docs and {@code --help} are generated from the same place and cannot drift.
 * Implemented by the enums of rule, escalation and channel settings.
 */
public interface Setting {

  /** The configuration key, e.g. {@code door.left-open}. */
  String key();

  /** The default, written as in a configuration file. */
  String defaultValue();

  /** Short name of the value's type and unit, for docs, e.g. {@code duration}. */
  String unitLabel();

  /** One line for docs and {@code --help}. */
  String description();

  /**
   * A Markdown table of {@code settings}: key, default ({@code (none)} when empty), unit,
   * description.
   */
  static String markdownTable(Setting... settings) {
    StringBuilder b = new StringBuilder();
    b.append("| key | default | unit | description |\n");
    b.append("| --- | --- | --- | --- |\n");
    for (Setting s : settings) {
      b.append("| `")
          .append(s.key())
          .append("` | ")
          .append(s.defaultValue().isEmpty() ? "(none)" : "`" + s.defaultValue() + "`")
          .append(" | ")
          .append(s.unitLabel())
          .append(" | ")
          .append(s.description())
          .append(" |\n");
    }
    return b.toString();
  }
}
