package anxin.gateway.local.paho;

import java.util.ArrayList;
import java.util.List;

/**
 * The LAN's MQTT broker, where local sensors and Zigbee2MQTT publish.
 *
 * @param serverUri {@code tcp://host:port}
 * @param username user name, or null for anonymous
 * @param password password, or null; never logged
 */
public record LanBroker(String serverUri, String username, String password) {

  public LanBroker {
    List<String> problems = new ArrayList<>();
    if (serverUri == null || !(serverUri.startsWith("tcp://") || serverUri.startsWith("ssl://"))) {
      problems.add("serverUri: not tcp:// or ssl://: " + serverUri);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("LAN broker: " + String.join("; ", problems));
    }
  }

  /** An anonymous broker. */
  public static LanBroker of(String serverUri) {
    return new LanBroker(serverUri, null, null);
  }

  @Override
  public String toString() {
    return "LanBroker[" + serverUri + ", user=" + username + "]";
  }
}
