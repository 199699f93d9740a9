package anxin.ingest;

import anxin.protocol.topic.DeviceDirectory;
import java.util.Optional;

/**
 * Provisioned devices and their credentials. Implementations answer from memory (lookups happen for
 * every event) and refresh when the provisioning data changes.
 */
public interface DeviceRegistry extends DeviceDirectory {

  /** The device with this id, or empty when it is not provisioned (or deactivated). */
  Optional<Device> find(String deviceId);

  /**
   * The device an HTTP bearer token belongs to, or empty when the token is unknown. Tokens are
   * stored as SHA-256 hashes; the comparison is on the hash.
   */
  Optional<Device> findByToken(String token);

  /**
   * The DTLS pre-shared key of a device (identity = device id), or empty when it has none. DTLS PSK
   * needs the key itself, so it cannot be stored as a hash; it is stored encrypted.
   */
  Optional<byte[]> pskOf(String deviceId);

  @Override
  default Optional<String> facilityOf(String deviceId) {
    return find(deviceId).map(Device::facility);
  }
}
