package anxin.gateway.zigbee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Z2mMappingTest {

  @Test
  void parse_everyProblemReportedAtOnce() {
    String bad =
        """
        {"baseTopic": "z2m/#", "batteryLowPercent": 150, "colour": "red",
         "devices": [
           {"friendly_name": "a", "device": "_bad", "kind": "door"},
           {"friendly_name": "b", "device": "ok-1", "kind": "toaster"},
           {"friendly_name": "bridge/x", "device": "ok-2", "kind": "door"},
           {"friendly_name": "c", "device": "ok-3", "kind": "button", "actions": {"single": "explode"}},
           {"friendly_name": "d", "device": "ok-4", "kind": "generic",
            "rules": [{"field": "x", "equals": {"a": 1}, "type": "fall"}]}
         ]}
        """;
    assertThatThrownBy(() -> Z2mMapping.parse(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseTopic")
        .hasMessageContaining("batteryLowPercent out of range 0..100: 150")
        .hasMessageContaining("unknown key \"colour\"")
        .hasMessageContaining("devices[0]: device is not a device id: \"_bad\"")
        .hasMessageContaining("devices[1]: kind not one of")
        .hasMessageContaining("devices[2]: friendly_name \"bridge/x\" is Zigbee2MQTT's own")
        .hasMessageContaining("devices[3].actions.single: unknown event type")
        .hasMessageContaining("devices[4].rules[0]: equals must be");
  }

  @Test
  void parse_repeatedDeviceOrName_isAProblem() {
    String twice =
        """
        {"devices": [
          {"friendly_name": "a", "device": "d-1", "kind": "door"},
          {"friendly_name": "a", "device": "d-1", "kind": "door"}]}
        """;
    assertThatThrownBy(() -> Z2mMapping.parse(twice))
        .hasMessageContaining("friendly_name repeated")
        .hasMessageContaining("device repeated");
  }

  @Test
  void parse_defaults() {
    Z2mMapping m =
        Z2mMapping.parse(
            "{\"devices\":[{\"friendly_name\":\"b\",\"device\":\"pb-1\",\"kind\":\"button\"}]}");
    assertThat(m.baseTopic()).isEqualTo("zigbee2mqtt");
    assertThat(m.batteryLowPercent()).isEqualTo(15);
    assertThat(m.find("b").orElseThrow().rules())
        .extracting(Rule::field)
        .contains("action", "tamper", "battery_low");
  }
}
