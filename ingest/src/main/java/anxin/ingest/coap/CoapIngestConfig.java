package anxin.ingest.coap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Configuration of the CoAP endpoint. Validated as a whole on construction: every problem is
 * reported in one {@link IllegalArgumentException}.
 *
 * @param bindAddress address both endpoints listen on, not null
 * @param plainPort UDP port of plain CoAP, {@code 0} for any free port, or {@link #DISABLED}; used
 *     only when {@code allowPlain} is true
 * @param dtlsPort UDP port of CoAP over DTLS 1.2 (PSK), {@code 0} for any free port, or {@link
 *     #DISABLED}
 * @param allowPlain whether plain (unauthenticated) CoAP is served at all: development and CI only
 * @param responseTimeout how long a request waits for the pipeline's receipt before it is answered
 *     {@code 5.03 Service Unavailable}; positive
 */
public record CoapIngestConfig(
    InetAddress bindAddress,
    int plainPort,
    int dtlsPort,
    boolean allowPlain,
    Duration responseTimeout) {

  /** Port value that turns an endpoint off. */
  public static final int DISABLED = -1;

  /** The configuration keys: name, default, unit and meaning in one place (docs list the same). */
  public enum Key {
    BIND("ingest.coap.bind", "0.0.0.0", "address", "address both CoAP endpoints listen on"),
    PORT(
        "ingest.coap.port",
        "5683",
        "UDP port",
        "plain CoAP port (0 = any free port, -1 = none); only used when allow-plain is true"),
    DTLS_PORT(
        "ingest.coap.dtls-port",
        "5684",
        "UDP port",
        "CoAP over DTLS 1.2 with PSK (0 = any free port, -1 = none)"),
    ALLOW_PLAIN(
        "ingest.coap.allow-plain",
        "false",
        "boolean",
        "serve unauthenticated plain CoAP: development and CI only"),
    RESPONSE_TIMEOUT(
        "ingest.coap.response-timeout",
        "5000",
        "ms",
        "wait for the pipeline's receipt this long, then answer 5.03");

    private final String key;
    private final String defaultValue;
    private final String unit;
    private final String description;

    Key(String key, String defaultValue, String unit, String description) {
      this.key = key;
      this.defaultValue = defaultValue;
      this.unit = unit;
      this.description = description;
    }

    public String key() {
      return key;
    }

    public String defaultValue() {
      return defaultValue;
    }

    public String unit() {
      return unit;
    }

    public String description() {
      return description;
    }
  }

  public CoapIngestConfig {
    List<String> problems = check(bindAddress, plainPort, dtlsPort, allowPlain, responseTimeout);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid CoAP configuration: " + String.join("; ", problems));
    }
  }

  /** The defaults of {@link Key}: DTLS on 5684 of every interface, no plain CoAP, 5 s timeout. */
  public static CoapIngestConfig defaults() {
    return parse(Map.of());
  }

  /**
   * A configuration from key/value strings (keys of {@link Key}; absent keys take their default;
   * other keys are ignored). Every problem is reported together.
   */
  public static CoapIngestConfig parse(Map<String, String> values) {
    List<String> problems = new ArrayList<>();
    InetAddress bind = InetAddress.getLoopbackAddress(); // stands in for a bad value, to go on
    String bindText = value(values, Key.BIND);
    try {
      bind = InetAddress.getByName(bindText);
    } catch (UnknownHostException e) {
      problems.add(Key.BIND.key + " is not an address: " + bindText);
    }
    int plain = integer(values, Key.PORT, problems);
    int dtls = integer(values, Key.DTLS_PORT, problems);
    String allow = value(values, Key.ALLOW_PLAIN);
    if (!allow.equals("true") && !allow.equals("false")) {
      problems.add(Key.ALLOW_PLAIN.key + " must be true or false: " + allow);
    }
    Duration timeout = Duration.ofMillis(integer(values, Key.RESPONSE_TIMEOUT, problems));
    problems.addAll(check(bind, plain, dtls, Boolean.parseBoolean(allow), timeout));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid CoAP configuration: " + String.join("; ", problems));
    }
    return new CoapIngestConfig(bind, plain, dtls, Boolean.parseBoolean(allow), timeout);
  }

  /** This configuration with plain CoAP allowed on {@code port} (0 = any free port). */
  public CoapIngestConfig withPlain(int port) {
    return new CoapIngestConfig(bindAddress, port, dtlsPort, true, responseTimeout);
  }

  /** This configuration with DTLS on {@code port} (0 = any free port, -1 = none). */
  public CoapIngestConfig withDtlsPort(int port) {
    return new CoapIngestConfig(bindAddress, plainPort, port, allowPlain, responseTimeout);
  }

  /** This configuration listening on {@code address}. */
  public CoapIngestConfig withBindAddress(InetAddress address) {
    return new CoapIngestConfig(address, plainPort, dtlsPort, allowPlain, responseTimeout);
  }

  /** This configuration with another response timeout. */
  public CoapIngestConfig withResponseTimeout(Duration timeout) {
    return new CoapIngestConfig(bindAddress, plainPort, dtlsPort, allowPlain, timeout);
  }

  /** Whether the plain CoAP endpoint is started. */
  boolean plainEnabled() {
    return allowPlain && plainPort != DISABLED;
  }

  /** Whether the DTLS endpoint is started. */
  boolean dtlsEnabled() {
    return dtlsPort != DISABLED;
  }

  private static List<String> check(
      InetAddress bindAddress, int plainPort, int dtlsPort, boolean allowPlain, Duration timeout) {
    List<String> problems = new ArrayList<>();
    if (bindAddress == null) {
      problems.add(Key.BIND.key + " is missing");
    }
    checkPort(problems, Key.PORT, plainPort);
    checkPort(problems, Key.DTLS_PORT, dtlsPort);
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      problems.add(Key.RESPONSE_TIMEOUT.key + " must be positive: " + timeout);
    }
    boolean plain = allowPlain && plainPort != DISABLED;
    if (!plain && dtlsPort == DISABLED) {
      problems.add("no endpoint: " + Key.DTLS_PORT.key + " is -1 and plain CoAP is off");
    }
    if (plain && plainPort == dtlsPort && plainPort > 0) {
      problems.add(Key.PORT.key + " and " + Key.DTLS_PORT.key + " are both " + plainPort);
    }
    return problems;
  }

  private static void checkPort(List<String> problems, Key key, int port) {
    if (port != DISABLED && (port < 0 || port > 65535)) {
      problems.add(key.key + " out of range 0..65535 (or -1 for none): " + port);
    }
  }

  private static String value(Map<String, String> values, Key key) {
    String v = values.get(key.key);
    return v == null || v.isBlank() ? key.defaultValue : v.trim();
  }

  private static int integer(Map<String, String> values, Key key, List<String> problems) {
    String v = value(values, key);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      problems.add(key.key + " is not an integer: " + v);
      return Integer.parseInt(key.defaultValue); // to go on checking the others
    }
  }
}
