package anxin.gateway.app;

import anxin.gateway.fallback.FallbackConfig;
import anxin.gateway.journal.JournalConfig;
import anxin.gateway.local.paho.LanBroker;
import anxin.gateway.uplink.UplinkConfig;
import anxin.gateway.uplink.UplinkTls;
import anxin.gateway.zigbee.Z2mMapping;
import anxin.protocol.Format;
import anxin.protocol.Ids;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The gateway's whole configuration, read once from one JSON file of {@link Setting} keys plus
 * environment overrides ({@link Setting#environmentVariable}), validated with every problem
 * reported together.
 *
 * @param dataDir where the journal, Zigbee2MQTT state and local alarm log live
 * @param lanBroker the LAN's broker, or null for no MQTT adapters
 * @param lanSensors whether to take wire-contract events from the LAN's broker
 * @param z2mMapping the Zigbee2MQTT mapping, or null for no Zigbee2MQTT adapter
 * @param coapAddress where the local CoAP server listens, or null for none
 * @param devices devices served; empty for any
 */
public record GatewayConfig(
    String facility,
    String gateway,
    Path dataDir,
    JournalConfig journal,
    UplinkConfig uplink,
    LanBroker lanBroker,
    boolean lanSensors,
    Z2mMapping z2mMapping,
    InetSocketAddress coapAddress,
    Set<String> devices,
    FallbackConfig fallback) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads {@code file} with the process environment's overrides. */
  public static GatewayConfig load(Path file, Map<String, String> env, String version)
      throws IOException {
    JsonNode root = JSON.readTree(Files.readString(file));
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("gateway config " + file + ": not a JSON object");
    }
    return parse(root, env, version, file.toAbsolutePath().getParent());
  }

  /**
   * Parses a configuration object; relative paths are resolved against {@code base}.
   *
   * @throws IllegalArgumentException naming every problem
   */
  public static GatewayConfig parse(
      JsonNode root, Map<String, String> env, String version, Path base) {
    List<String> problems = new ArrayList<>();
    Map<Setting, JsonNode> raw = new EnumMap<>(Setting.class);
    Set<String> known = new LinkedHashSet<>();
    for (Setting s : Setting.values()) {
      known.add(s.key());
      JsonNode v = root.get(s.key());
      String e = env.get(s.environmentVariable());
      if (e != null) {
        v = JSON.getNodeFactory().textNode(e);
      }
      if (v == null || v.isNull()) {
        if (s.defaultValue() == null) {
          problems.add(s.key() + ": required");
          continue;
        }
        v = JSON.getNodeFactory().textNode(s.defaultValue());
      }
      raw.put(s, v);
    }
    root.fieldNames()
        .forEachRemaining(
            k -> {
              if (!known.contains(k)) {
                problems.add("unknown key \"" + k + "\"");
              }
            });
    Values v = new Values(raw, problems);

    String facility = v.text(Setting.FACILITY);
    if (!facility.isEmpty() && !Ids.isFacilityId(facility)) {
      problems.add("facility: not [a-z0-9][a-z0-9-]{0,31}: " + facility);
    }
    String gateway = v.text(Setting.GATEWAY);
    if (!gateway.isEmpty() && !Ids.isDeviceId(gateway)) {
      problems.add("gateway: not a valid id: " + gateway);
    }
    Path dataDir = base.resolve(v.text(Setting.DATA_DIR));
    JournalConfig journal =
        v.build(
            () ->
                new JournalConfig(
                    v.integer(Setting.JOURNAL_QUOTA) << 20,
                    (int) (v.integer(Setting.JOURNAL_SEGMENT) << 20)));
    UplinkConfig uplink = v.build(() -> uplink(v, facility, gateway, version, base));
    LanBroker lan = null;
    if (!v.text(Setting.LAN_URI).isEmpty()) {
      lan =
          v.build(
              () ->
                  new LanBroker(
                      v.text(Setting.LAN_URI),
                      v.orNull(Setting.LAN_USERNAME),
                      v.orNull(Setting.LAN_PASSWORD)));
    }
    boolean sensors = v.bool(Setting.LAN_SENSORS);
    Z2mMapping mapping = null;
    if (!v.text(Setting.Z2M_MAPPING).isEmpty()) {
      Path p = base.resolve(v.text(Setting.Z2M_MAPPING));
      mapping =
          v.build(
              () -> {
                try {
                  return Z2mMapping.load(p);
                } catch (IOException e) {
                  throw new IllegalArgumentException(
                      Setting.Z2M_MAPPING.key() + ": cannot read " + p + ": " + e);
                }
              });
    }
    if (!v.text(Setting.Z2M_MAPPING).isEmpty() && v.text(Setting.LAN_URI).isEmpty()) {
      problems.add(Setting.Z2M_MAPPING.key() + ": set, but " + Setting.LAN_URI.key() + " is empty");
    }
    InetSocketAddress coap = null;
    long port = v.integer(Setting.COAP_PORT);
    if (port != -1) {
      if (port < 0 || port > 65535) {
        problems.add(Setting.COAP_PORT.key() + " out of range 0..65535 (or -1): " + port);
      } else {
        try {
          coap =
              new InetSocketAddress(InetAddress.getByName(v.text(Setting.COAP_BIND)), (int) port);
        } catch (UnknownHostException e) {
          problems.add(Setting.COAP_BIND.key() + ": not an address: " + v.text(Setting.COAP_BIND));
        }
      }
    }
    Set<String> devices = new LinkedHashSet<>(v.list(Setting.DEVICES, ","));
    for (String d : devices) {
      if (!Ids.isDeviceId(d)) {
        problems.add(Setting.DEVICES.key() + ": not a device id: " + d);
      }
    }
    String webhook = v.text(Setting.FALLBACK_WEBHOOK);
    FallbackConfig fallback =
        v.build(
            () ->
                new FallbackConfig(
                    Duration.ofSeconds(v.integer(Setting.FALLBACK_DOWN_AFTER)),
                    v.list(Setting.FALLBACK_COMMAND, " "),
                    Duration.ofSeconds(v.integer(Setting.FALLBACK_COMMAND_TIMEOUT)),
                    webhook.isEmpty() ? null : URI.create(webhook),
                    Duration.ofSeconds(v.integer(Setting.FALLBACK_WEBHOOK_TIMEOUT))));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("gateway config: " + String.join("; ", problems));
    }
    return new GatewayConfig(
        facility,
        gateway,
        dataDir,
        journal,
        uplink,
        lan,
        sensors,
        mapping,
        coap,
        Set.copyOf(devices),
        fallback);
  }

  private static UplinkConfig uplink(
      Values v, String facility, String gateway, String version, Path base) throws Exception {
    UplinkConfig.Builder b =
        UplinkConfig.builder("tcp://unset", facility, gateway)
            .serverUris(v.list(Setting.UPLINK_URIS, ","))
            .format(Format.valueOf(v.text(Setting.UPLINK_FORMAT).toUpperCase(Locale.ROOT)))
            .heartbeat(Duration.ofSeconds(v.integer(Setting.UPLINK_HEARTBEAT)))
            .backoff(
                Duration.ofSeconds(1),
                Duration.ofSeconds(Math.max(1, v.integer(Setting.UPLINK_BACKOFF_MAX))))
            .version(version);
    if (v.orNull(Setting.UPLINK_USERNAME) != null) {
      b.credentials(v.orNull(Setting.UPLINK_USERNAME), v.orNull(Setting.UPLINK_PASSWORD));
    }
    String ca = v.text(Setting.UPLINK_CA);
    String client = v.text(Setting.UPLINK_CLIENT);
    if (!ca.isEmpty() || !client.isEmpty()) {
      String pass = v.orNull(Setting.UPLINK_CLIENT_PASSWORD);
      char[] pw = pass == null ? null : pass.toCharArray();
      KeyStore trust = ca.isEmpty() ? null : UplinkTls.loadPkcs12(base.resolve(ca), null);
      KeyStore keys = client.isEmpty() ? null : UplinkTls.loadPkcs12(base.resolve(client), pw);
      b.socketFactory(UplinkTls.socketFactory(trust, keys, pw));
    }
    return b.build();
  }

  /** Typed access to the raw values, adding a problem for each bad one. */
  private record Values(Map<Setting, JsonNode> raw, List<String> problems) {

    interface Build<T> {
      T get() throws Exception;
    }

    String text(Setting s) {
      JsonNode n = raw.get(s);
      return n == null ? "" : n.isArray() ? n.toString() : n.asText().trim();
    }

    String orNull(Setting s) {
      String t = text(s);
      return t.isEmpty() ? null : t;
    }

    long integer(Setting s) {
      String t = text(s);
      try {
        return Long.parseLong(t);
      } catch (NumberFormatException e) {
        problems.add(s.key() + ": not an integer: " + t);
        return s.defaultValue() == null || s.defaultValue().isEmpty()
            ? 0
            : Long.parseLong(s.defaultValue());
      }
    }

    boolean bool(Setting s) {
      String t = text(s);
      if (!t.equals("true") && !t.equals("false")) {
        problems.add(s.key() + ": not true or false: " + t);
      }
      return Boolean.parseBoolean(t);
    }

    /** A JSON array of strings, or one string split at {@code separator}. */
    List<String> list(Setting s, String separator) {
      JsonNode n = raw.get(s);
      List<String> out = new ArrayList<>();
      if (n != null && n.isArray()) {
        n.forEach(x -> out.add(x.asText()));
        return out;
      }
      for (String part : text(s).split(separator.equals(" ") ? "\\s+" : separator)) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return out;
    }

    <T> T build(Build<T> b) {
      try {
        return b.get();
      } catch (Exception e) {
        problems.add(e.getMessage());
        return null;
      }
    }
  }

  @Override
  public String toString() {
    return "GatewayConfig[facility="
        + facility
        + ", gateway="
        + gateway
        + ", dataDir="
        + dataDir
        + ", uplink="
        + uplink
        + ", lan="
        + lanBroker
        + ", z2m="
        + (z2mMapping != null)
        + ", coap="
        + coapAddress
        + ", devices="
        + devices.size()
        + ", fallback="
        + fallback
        + "]";
  }
}
