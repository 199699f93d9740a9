package anxin.ingest.registry;

import anxin.ingest.Device;
import anxin.ingest.DeviceRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A registry held in memory only: for tests, and for tools that provision from a file. */
public final class InMemoryDeviceRegistry implements DeviceRegistry {

  private final Map<String, Device> devices = new ConcurrentHashMap<>();
  private final Map<String, Device> byTokenHash = new ConcurrentHashMap<>();
  private final Map<String, byte[]> psks = new ConcurrentHashMap<>();

  /** Adds or replaces a device. */
  public InMemoryDeviceRegistry put(Device device) {
    devices.put(device.id(), device);
    return this;
  }

  /** Gives a device an HTTP bearer token (kept as its hash only). */
  public InMemoryDeviceRegistry token(String deviceId, String token) {
    byTokenHash.put(TokenHash.of(token), require(deviceId));
    return this;
  }

  /** Gives a device a DTLS pre-shared key. */
  public InMemoryDeviceRegistry psk(String deviceId, byte[] key) {
    require(deviceId);
    psks.put(deviceId, key.clone());
    return this;
  }

  /** Removes a device and its credentials. */
  public InMemoryDeviceRegistry remove(String deviceId) {
    devices.remove(deviceId);
    psks.remove(deviceId);
    byTokenHash.values().removeIf(d -> d.id().equals(deviceId));
    return this;
  }

  @Override
  public Optional<Device> find(String deviceId) {
    return Optional.ofNullable(devices.get(deviceId));
  }

  @Override
  public Optional<Device> findByToken(String token) {
    Device d = byTokenHash.get(TokenHash.of(token));
    return d == null ? Optional.empty() : find(d.id());
  }

  @Override
  public Optional<byte[]> pskOf(String deviceId) {
    byte[] key = psks.get(deviceId);
    return key == null || !devices.containsKey(deviceId)
        ? Optional.empty()
        : Optional.of(key.clone());
  }

  private Device require(String deviceId) {
    Device d = devices.get(deviceId);
    if (d == null) {
      throw new IllegalArgumentException("no such device: " + deviceId);
    }
    return d;
  }
}
