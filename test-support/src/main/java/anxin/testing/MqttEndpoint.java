package anxin.testing;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * An MQTT broker reachable over plain TCP.
 *
 * @param host host name or address, without IPv6 brackets
 * @param port TCP port, 1..65535
 * @param origin "external", "testcontainers" or "embedded"
 */
record MqttEndpoint(String host, int port, String origin) implements MqttBroker {

  static final int DEFAULT_PORT = 1883;

  MqttEndpoint {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * Parses {@code tcp://host[:port]} (port 1883 when absent).
   *
   * @throws IllegalArgumentException when {@code uri} is not of that form, saying why
   */
  static MqttEndpoint parse(String uri, String origin) {
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URI: " + e.getMessage(), e);
    }
    if (!"tcp".equals(parsed.getScheme())) {
      throw new IllegalArgumentException("expected tcp://host[:port]");
    }
    String host = parsed.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("expected tcp://host[:port], found no host");
    }
    if (parsed.getRawPath() != null && !parsed.getRawPath().isEmpty()
        || parsed.getRawQuery() != null
        || parsed.getRawUserInfo() != null) {
      throw new IllegalArgumentException("expected tcp://host[:port], found more");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new MqttEndpoint(host, parsed.getPort() < 0 ? DEFAULT_PORT : parsed.getPort(), origin);
  }

  @Override
  public String serverUri() {
    return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return serverUri() + " (" + origin + ")";
  }
}
