package anxin.testing;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A PostgreSQL JDBC URL of the form {@code jdbc:postgresql://host[:port]/database[?key=value&...]},
 * split into parts so that the database and the credentials can be replaced.
 *
 * @param authority {@code host[:port]} as written (several comma-separated for pgJDBC failover)
 * @param host the first host, without IPv6 brackets
 * @param port the first host's port, 5432 when absent
 * @param database the database name, not empty
 * @param params query parameters, decoded, in their original order; unmodifiable
 */
record JdbcUrl(
    String authority, String host, int port, String database, Map<String, String> params) {

  static final String PREFIX = "jdbc:postgresql://";
  static final int DEFAULT_PORT = 5432;

  JdbcUrl {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /**
   * Parses {@code url}.
   *
   * @throws IllegalArgumentException when it is not of the form above; the message says why but
   *     does not repeat the URL (the caller names it, redacted)
   */
  static JdbcUrl parse(String url) {
    if (!url.startsWith(PREFIX)) {
      throw new IllegalArgumentException("expected " + PREFIX + "host[:port]/database[?...]");
    }
    String rest = url.substring(PREFIX.length());
    int slash = rest.indexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException("no host, or no /database after it");
    }
    String authority = rest.substring(0, slash);
    String pathAndQuery = rest.substring(slash + 1);
    int question = pathAndQuery.indexOf('?');
    String database = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    if (database.isEmpty()) {
      throw new IllegalArgumentException("no database name after the host");
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (question >= 0) {
      for (String pair : pathAndQuery.substring(question + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        params.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    String first = authority.split(",", -1)[0];
    String host;
    String port;
    if (first.startsWith("[")) {
      int close = first.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("unclosed [ in host");
      }
      host = first.substring(1, close);
      port = first.substring(close + 1);
      port = port.startsWith(":") ? port.substring(1) : port;
    } else {
      int colon = first.lastIndexOf(':');
      host = colon < 0 ? first : first.substring(0, colon);
      port = colon < 0 ? "" : first.substring(colon + 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("no host");
    }
    return new JdbcUrl(authority, host, parsePort(port), decode(database), params);
  }

  /** Returns this URL for another database on the same server, with the same parameters. */
  JdbcUrl withDatabase(String name) {
    return new JdbcUrl(authority, host, port, name, params);
  }

  /** Returns this URL with parameter {@code key} set to {@code value}, or removed when null. */
  JdbcUrl withParam(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(params);
    if (value == null) {
      copy.remove(key);
    } else {
      copy.put(key, value);
    }
    return new JdbcUrl(authority, host, port, database, copy);
  }

  /** The URL text to connect with; it contains a password only if {@link #params()} does. */
  String text() {
    return format(params);
  }

  /** The URL text with the value of every parameter whose name contains "password" hidden. */
  @Override
  public String toString() {
    Map<String, String> safe = new LinkedHashMap<>(params);
    safe.replaceAll((k, v) -> isSecret(k) ? "***" : v);
    return format(safe);
  }

  private String format(Map<String, String> values) {
    String query =
        values.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return PREFIX + authority + "/" + encode(database) + (query.isEmpty() ? "" : "?" + query);
  }

  static boolean isSecret(String key) {
    return key.toLowerCase(Locale.ROOT).contains("password");
  }

  private static int parsePort(String text) {
    if (text.isEmpty()) {
      return DEFAULT_PORT;
    }
    try {
      int port = Integer.parseInt(text);
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + text);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port is not a number: " + text, e);
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
