package anxin.alerting.notify;

import java.util.HashMap;
import java.util.Map;

/** Test messages with realistic params. */
public final class Messages {

  public static final String PHONE = "13812341234";
  public static final String FULL_NAME = "张秀英";
  public static final String FULL_NAME_EN = "Margaret Holloway";

  private Messages() {}

  /** A P1 fall alert's params: facility, room, resident code, initials and full name. */
  public static Map<String, String> fallParams() {
    Map<String, String> p = new HashMap<>();
    p.put(Param.SEVERITY.key(), "P1");
    p.put(Param.RULE.key(), "fall");
    p.put(Param.FACILITY.key(), "阳光颐养院");
    p.put(Param.ROOM.key(), "302");
    p.put(Param.RESIDENT_CODE.key(), "R0231");
    p.put(Param.RESIDENT_INITIALS.key(), "张某");
    p.put(Param.RESIDENT_NAME.key(), FULL_NAME);
    p.put(Param.ALERT_ID.key(), "A1234");
    p.put(Param.LINK.key(), "https://console.example/alerts/A1234");
    return p;
  }

  public static OutgoingMessage fall(Channel channel, String address, String language) {
    return new OutgoingMessage(
        "A1234:1:staff-7:" + channel, channel, address, language, MessageKind.ALERT, fallParams());
  }

  public static Map<String, String> with(Map<String, String> params, Param p, String value) {
    Map<String, String> out = new HashMap<>(params);
    out.put(p.key(), value);
    return out;
  }
}
