package anxin.protocol.topic;

import java.util.Map;
import java.util.Optional;

/**
 * Which facility a provisioned device belongs to; the part of the registry the topic rules need.
 */
@FunctionalInterface
public interface DeviceDirectory {

  /**
   * @return the facility id of a provisioned device, or empty when {@code deviceId} is unknown
   */
  Optional<String> facilityOf(String deviceId);

  /** A directory backed by a map of device id to facility id. */
  static DeviceDirectory of(Map<String, String> facilityByDevice) {
    Map<String, String> copy = Map.copyOf(facilityByDevice);
    return device -> Optional.ofNullable(copy.get(device));
  }
}
