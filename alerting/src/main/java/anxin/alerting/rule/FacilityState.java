package anxin.alerting.rule;

import anxin.alerting.FacilityRules;
import java.util.HashMap;
import java.util.Map;

/** One facility's rules and the state of its devices, residents and gateways. */
final class FacilityState {

  final String id;
  FacilityRules rules;
  final Map<String, DeviceState> devices = new HashMap<>();
  final Map<String, ResidentState> residents = new HashMap<>();
  final Map<String, GatewayState> gateways = new HashMap<>();

  FacilityState(String id, FacilityRules rules) {
    this.id = id;
    this.rules = rules;
  }

  DeviceState device(String device) {
    DeviceState d = devices.get(device);
    if (d == null) {
      d = new DeviceState(device, this);
      devices.put(device, d);
    }
    return d;
  }

  ResidentState resident(String resident) {
    ResidentState r = residents.get(resident);
    if (r == null) {
      r = new ResidentState(resident);
      residents.put(resident, r);
    }
    return r;
  }

  GatewayState gateway(String gateway) {
    GatewayState g = gateways.get(gateway);
    if (g == null) {
      g = new GatewayState(gateway, this);
      gateways.put(gateway, g);
    }
    return g;
  }
}
