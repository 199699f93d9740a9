package anxin.platform.config;

import anxin.alerting.Durations;
import anxin.alerting.FacilityRules;
import anxin.alerting.InvalidRulesException;
import anxin.alerting.escalation.FacilityEscalation;
import anxin.alerting.escalation.InvalidEscalationException;
import anxin.alerting.notify.InvalidNotifyConfigException;
import anxin.alerting.notify.NotifyConfig;
import anxin.ingest.coap.CoapIngestConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;

/**
 * Reads the platform's configuration: defaults, then the YAML file (nested maps or dotted keys,
 * both flattened to dotted keys), then the environment ({@link ConfigKey#envName()}); {@code
 * ${VAR}} and {@code ${VAR:-fallback}} in file values are replaced from the environment. Every
 * problem (unknown key, bad value, missing variable, a module's own validation) is collected and
 * reported at once in a {@link ConfigException}.
 */
public final class ConfigLoader {

  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
  private static final Set<String> SECRET_WORDS = Set.of("password", "secret", "token", "key");

  private final Map<String, String> env;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, String> values = new TreeMap<>();
  private final Map<String, String> origins = new TreeMap<>();

  private ConfigLoader(Map<String, String> env) {
    this.env = env;
  }

  /**
   * Loads and validates.
   *
   * @param file the YAML file, or null for defaults and environment only
   * @param env the environment, usually {@link System#getenv()}
   */
  public static PlatformConfig load(Path file, Map<String, String> env) throws ConfigException {
    return new ConfigLoader(env).run(file);
  }

  /**
   * Loads from values given in code (the demo): as if a file held exactly these dotted keys.
   *
   * @param given dotted keys and values
   * @param env the environment, for overrides and {@code ${VAR}}
   */
  public static PlatformConfig fromValues(Map<String, String> given, Map<String, String> env)
      throws ConfigException {
    ConfigLoader loader = new ConfigLoader(env);
    return loader.run(null, given);
  }

  /** {@code values} with secrets masked, for printing. */
  public static Map<String, String> masked(Map<String, String> values) {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, isSecret(k) && !v.isEmpty() ? "****" : v));
    return out;
  }

  private static boolean isSecret(String key) {
    String last = key.substring(key.lastIndexOf('.') + 1);
    return Arrays.stream(last.split("-")).anyMatch(SECRET_WORDS::contains);
  }

  private PlatformConfig run(Path file) throws ConfigException {
    return run(file, Map.of());
  }

  private PlatformConfig run(Path file, Map<String, String> given) throws ConfigException {
    for (ConfigKey k : ConfigKey.values()) {
      values.put(k.key(), k.defaultValue());
      origins.put(k.key(), "default");
    }
    if (file != null) {
      readFile(file);
    }
    given.forEach((k, v) -> put(k, v, "demo"));
    for (ConfigKey k : ConfigKey.values()) {
      String v = env.get(k.envName());
      if (v != null) {
        values.put(k.key(), v);
        origins.put(k.key(), "environment " + k.envName());
      }
    }
    PlatformConfig config = build();
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  private void readFile(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      problems.add(file + ": cannot read: " + e.getMessage());
      return;
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return; // an empty file: defaults
    }
    if (!root.isObject()) {
      problems.add(file + ": the top level must be a map of keys to values");
      return;
    }
    flatten("", root, file.toString());
  }

  private void flatten(String prefix, JsonNode node, String origin) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String key = prefix + f.getKey();
      JsonNode v = f.getValue();
      if (v.isObject()) {
        flatten(key + ".", v, origin);
      } else if (v.isArray()) {
        List<String> items = new ArrayList<>();
        v.forEach(i -> items.add(i.asText()));
        put(key, String.join(",", items), origin);
      } else {
        put(key, v.isNull() ? "" : v.asText(), origin);
      }
    }
  }

  private void put(String key, String raw, String origin) {
    if (ConfigKey.of(key).isEmpty() && ConfigKey.Section.of(key).isEmpty()) {
      problems.add(origin + ": unknown key " + key + suggestion(key));
      return;
    }
    values.put(key, substitute(key, raw));
    origins.put(key, origin);
  }

  private String suggestion(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (ConfigKey k : ConfigKey.values()) {
      int d = distance(key, k.key());
      if (d < bestDistance) {
        bestDistance = d;
        best = k.key();
      }
    }
    return bestDistance <= 3 ? " (did you mean " + best + "?)" : "";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private String substitute(String key, String raw) {
    Matcher m = VARIABLE.matcher(raw);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = env.get(m.group(1));
      if (v == null) {
        v = m.group(3);
      }
      if (v == null) {
        problems.add(key + ": environment variable " + m.group(1) + " is not set");
        v = "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String get(ConfigKey k) {
    return values.get(k.key()).strip();
  }

  private PlatformConfig build() {
    String host = get(ConfigKey.HTTP_HOST);
    if (host.isEmpty()) {
      problems.add(ConfigKey.HTTP_HOST.key() + " is empty");
    }
    int httpPort = port(ConfigKey.HTTP_PORT, true);
    Path cert = path(ConfigKey.HTTP_TLS_CERTIFICATE, true);
    Path key = path(ConfigKey.HTTP_TLS_PRIVATE_KEY, true);
    if ((cert == null) != (key == null)) {
      problems.add(
          "http.tls.certificate and http.tls.private-key go together: set both or neither");
    }
    String publicUrl = get(ConfigKey.PUBLIC_URL);
    if (!publicUrl.isEmpty() && !isHttpUrl(publicUrl)) {
      problems.add("public-url is not an http(s) URL: " + publicUrl);
    }
    Path dataDir = Path.of(get(ConfigKey.DATA_DIR).isEmpty() ? "." : get(ConfigKey.DATA_DIR));
    String dbUrl = get(ConfigKey.DATABASE_URL);
    if (!dbUrl.isEmpty() && !dbUrl.startsWith("jdbc:postgresql:")) {
      problems.add(
          "database.url is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db): " + dbUrl);
    }
    int pool = integer(ConfigKey.DATABASE_POOL_SIZE, 4, 200);
    List<String> mqtt = new ArrayList<>();
    for (String u : get(ConfigKey.MQTT_URL).split(",")) {
      String uri = u.strip();
      if (uri.isEmpty()) {
        continue;
      }
      if (!uri.matches("(tcp|ssl)://[^/\\s]+(:\\d+)?")) {
        problems.add("mqtt.url: not a tcp:// or ssl:// broker URI: " + uri);
      }
      mqtt.add(uri);
    }
    SSLSocketFactory mqttTls = mqttTls(mqtt);
    String clientId = get(ConfigKey.MQTT_CLIENT_ID);
    if (clientId.isEmpty() || clientId.length() > 64) {
      problems.add("mqtt.client-id must be 1..64 characters: " + clientId);
    }
    String shareGroup = get(ConfigKey.MQTT_SHARE_GROUP);
    if (!shareGroup.matches("[A-Za-z0-9_-]{1,64}")) {
      problems.add("mqtt.share-group is 1..64 letters, digits, - or _: " + shareGroup);
    }
    Duration sessionExpiry = duration(ConfigKey.MQTT_SESSION_EXPIRY);
    boolean alarmWatch = bool(ConfigKey.MQTT_ALARM_WATCH);
    int embeddedPort = port(ConfigKey.MQTT_EMBEDDED_PORT, true);
    Path deviceKey = path(ConfigKey.DEVICE_KEY_FILE, false);
    Duration shutdown = duration(ConfigKey.SHUTDOWN_TIMEOUT);

    CoapIngestConfig coap = section(ConfigKey.Section.COAP);
    NotifyConfig notify = section(ConfigKey.Section.NOTIFY);
    Map<String, String> rules = sectionValues(ConfigKey.Section.RULES);
    FacilityRules ruleDefaults = section(ConfigKey.Section.RULES);
    Map<String, String> escalation = sectionValues(ConfigKey.Section.ESCALATION);
    FacilityEscalation escalationDefaults = section(ConfigKey.Section.ESCALATION);

    return new PlatformConfig(
        host,
        httpPort,
        cert,
        key,
        publicUrl.isEmpty() ? null : publicUrl,
        dataDir,
        dbUrl.isEmpty() ? null : dbUrl,
        get(ConfigKey.DATABASE_USER),
        values.get(ConfigKey.DATABASE_PASSWORD.key()),
        pool,
        List.copyOf(mqtt),
        get(ConfigKey.MQTT_USERNAME),
        values.get(ConfigKey.MQTT_PASSWORD.key()),
        mqttTls,
        clientId,
        shareGroup,
        sessionExpiry,
        alarmWatch,
        embeddedPort,
        deviceKey,
        shutdown,
        coap,
        notify,
        rules,
        ruleDefaults,
        escalation,
        escalationDefaults,
        Map.copyOf(values),
        Map.copyOf(origins));
  }

  /** TLS to the broker from {@code mqtt.tls.*}: files read and checked now, not at the start. */
  private SSLSocketFactory mqttTls(List<String> urls) {
    Path ca = path(ConfigKey.MQTT_TLS_CA, true);
    Path cert = path(ConfigKey.MQTT_TLS_CERTIFICATE, true);
    Path key = path(ConfigKey.MQTT_TLS_PRIVATE_KEY, true);
    if ((cert == null) != (key == null)) {
      problems.add(
          "mqtt.tls.certificate and mqtt.tls.private-key go together: set both or neither");
      return null;
    }
    if (ca == null && cert == null) {
      return null;
    }
    if (urls.stream().noneMatch(u -> u.startsWith("ssl://"))) {
      problems.add("mqtt.tls.* is set, but mqtt.url has no ssl:// broker URI to use it with");
      return null;
    }
    if ((ca != null && !Files.isReadable(ca))
        || (cert != null && (!Files.isReadable(cert) || !Files.isReadable(key)))) {
      return null; // reported by path()
    }
    try {
      return PemTls.socketFactory(ca, cert, key);
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      problems.add("mqtt.tls.*: " + e.getMessage());
      return null;
    }
  }

  /** The section's keys as its module's parser takes them. */
  private Map<String, String> sectionValues(ConfigKey.Section s) {
    Map<String, String> out = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (ConfigKey.Section.of(k).orElse(null) == s) {
            out.put(s.moduleKey(k), v.strip());
          }
        });
    return out;
  }

  @SuppressWarnings("unchecked")
  private <T> T section(ConfigKey.Section s) {
    Map<String, String> own = sectionValues(s);
    try {
      return (T)
          switch (s) {
            case COAP -> CoapIngestConfig.parse(own);
            case NOTIFY -> NotifyConfig.parse(own);
            case RULES -> FacilityRules.parse(own);
            case ESCALATION -> FacilityEscalation.parse(own);
          };
    } catch (InvalidRulesException e) {
      e.problems().forEach(p -> problems.add("rules." + p));
    } catch (InvalidEscalationException e) {
      e.problems().forEach(p -> problems.add("escalation." + p));
    } catch (InvalidNotifyConfigException e) {
      problems.addAll(e.problems());
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    return null;
  }

  private int port(ConfigKey k, boolean zeroAllowed) {
    return integer(k, zeroAllowed ? 0 : 1, 65_535);
  }

  private int integer(ConfigKey k, int min, int max) {
    String v = get(k);
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(k.key() + " is not a whole number in " + min + ".." + max + ": " + v);
    return Integer.parseInt(k.defaultValue().isEmpty() ? "0" : k.defaultValue());
  }

  private Duration duration(ConfigKey k) {
    Duration d = Durations.parse(get(k));
    if (d == null || d.isNegative()) {
      problems.add(k.key() + " is not a duration (500ms, 30s, 15min, 1h, 7d): " + get(k));
      return Durations.parse(k.defaultValue());
    }
    return d;
  }

  private boolean bool(ConfigKey k) {
    String v = get(k);
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    problems.add(k.key() + " is true or false: " + v);
    return Boolean.parseBoolean(k.defaultValue());
  }

  private Path path(ConfigKey k, boolean mustExist) {
    String v = get(k);
    if (v.isEmpty()) {
      return null;
    }
    Path p = Path.of(v);
    if (mustExist && !Files.isReadable(p)) {
      problems.add(k.key() + ": no readable file " + v);
    }
    return p;
  }

  private static boolean isHttpUrl(String s) {
    try {
      URI u = URI.create(s);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
