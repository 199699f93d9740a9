package anxin.gateway.zigbee;

import anxin.protocol.Ids;
import java.util.List;

/**
 * How one Zigbee2MQTT device becomes one of our devices.
 *
 * @param friendlyName Zigbee2MQTT's {@code friendly_name}, the topic level after the base topic
 * @param device our device id (DESIGN §3), as provisioned on the platform
 * @param kind the kind of sensor, which gives the default rules
 * @param door for door contacts, {@code data.door} of the events ({@code main}, {@code balcony});
 *     null for none
 * @param rules every rule in effect: the kind's defaults, then the mapping's own
 */
public record DeviceMapping(
    String friendlyName, String device, Kind kind, String door, List<Rule> rules) {

  public DeviceMapping {
    Ids.requireDeviceId(device);
    rules = List.copyOf(rules);
  }
}
