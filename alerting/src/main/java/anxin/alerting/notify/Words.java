package anxin.alerting.notify;

import java.util.Map;

/** The vocabulary templates put into words, in zh-CN and en. Unknown values are shown as given. */
final class Words {

  private Words() {}

  // Keyed by RuleId wire names; a test checks every RuleId has both words.
  private static final Map<String, String[]> RULES =
      Map.ofEntries(
          Map.entry("panic", new String[] {"紧急呼叫", "Panic button"}),
          Map.entry("fall", new String[] {"跌倒", "Fall"}),
          Map.entry("night_exit", new String[] {"夜间外出", "Night exit"}),
          Map.entry("door_left_open", new String[] {"门未关", "Door left open"}),
          Map.entry("not_back_in_bed", new String[] {"离床未归", "Not back in bed"}),
          Map.entry("inactivity", new String[] {"长时间无活动", "No activity"}),
          Map.entry("device_silent", new String[] {"设备失联", "Device silent"}),
          Map.entry("gateway_offline", new String[] {"网关离线", "Gateway offline"}),
          Map.entry("battery_low", new String[] {"电量低", "Battery low"}),
          Map.entry("tamper", new String[] {"设备被拆动", "Device tampered"}));

  private static final Map<String, String[]> SEVERITIES =
      Map.of(
          "P1", new String[] {"紧急", "Urgent"},
          "P2", new String[] {"重要", "Important"},
          "P3", new String[] {"提示", "Notice"});

  private static final Map<String, String[]> OUTCOMES =
      Map.of(
          "assisted", new String[] {"已协助", "assisted"},
          "false_alarm", new String[] {"误报", "false alarm"},
          "cancelled_by_resident", new String[] {"本人已取消", "cancelled by the resident"},
          "transferred_to_hospital", new String[] {"已送医", "taken to hospital"},
          "auto_cleared", new String[] {"已自动解除", "cleared automatically"},
          "other", new String[] {"其他", "other"});

  static boolean knowsRule(String wireName) {
    return RULES.containsKey(wireName);
  }

  static boolean knowsOutcome(String outcome) {
    return OUTCOMES.containsKey(outcome);
  }

  static String rule(String wireName, boolean zh) {
    return word(RULES, wireName, zh);
  }

  static String severity(String severity, boolean zh) {
    return word(SEVERITIES, severity, zh);
  }

  static String outcome(String outcome, boolean zh) {
    return word(OUTCOMES, outcome, zh);
  }

  /** {@code 45秒}, {@code 2分钟}, {@code 3小时}; {@code 45 s}, {@code 2 min}, {@code 3 h}. */
  static String age(long seconds, boolean zh) {
    if (seconds < 60) {
      return seconds + (zh ? "秒" : " s");
    }
    if (seconds < 3600) {
      return seconds / 60 + (zh ? "分钟" : " min");
    }
    return seconds / 3600 + (zh ? "小时" : " h");
  }

  private static String word(Map<String, String[]> words, String key, boolean zh) {
    String[] w = words.get(key);
    if (w == null) {
      return key.replace('_', ' ');
    }
    return zh ? w[0] : w[1];
  }
}
