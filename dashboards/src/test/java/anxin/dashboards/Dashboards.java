package anxin.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The dashboards and provisioning files under {@code grafana/} on the class path. */
final class Dashboards {

  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One query of a panel.
   *
   * @param dashboard the dashboard's uid
   * @param panelId the panel's id
   * @param panelTitle the panel's title
   * @param refId the target's refId
   * @param datasourceUid the target's data source uid
   * @param format {@code table} or {@code time_series} for SQL, null for Prometheus
   * @param query the raw SQL or the PromQL expression
   */
  record Target(
      String dashboard,
      int panelId,
      String panelTitle,
      String refId,
      String datasourceUid,
      String format,
      String query) {
    String key() {
      return dashboard + "/" + panelId + "/" + refId;
    }

    boolean isSql() {
      return Dashboards.PG_UID.equals(datasourceUid);
    }
  }

  static final String PG_UID = "anxin-pg";
  static final String PROM_UID = "anxin-prom";

  private Dashboards() {}

  static Path directory(String name) {
    URL url = Dashboards.class.getClassLoader().getResource("grafana/" + name);
    if (url == null) {
      throw new IllegalStateException("no grafana/" + name + " on the class path");
    }
    try {
      URI uri = url.toURI();
      if (uri.getScheme().equals("jar")) {
        // Failsafe runs against the packaged jar: read the files as shipped.
        try {
          FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException alreadyOpen) {
          // opened by an earlier call
        }
      }
      return Path.of(uri);
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot read grafana/" + name + ": " + e.getMessage(), e);
    }
  }

  /** Every dashboard JSON file, by file name order. */
  static List<Path> files() {
    try (Stream<Path> s = Files.list(directory("dashboards"))) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(Path file) {
    try {
      return JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  static List<JsonNode> all() {
    return files().stream().map(Dashboards::read).toList();
  }

  static JsonNode byUid(String uid) {
    return all().stream()
        .filter(d -> d.path("uid").asText().equals(uid))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no dashboard " + uid));
  }

  static List<Target> targets(JsonNode dashboard) {
    List<Target> out = new ArrayList<>();
    for (JsonNode p : dashboard.path("panels")) {
      for (JsonNode t : p.path("targets")) {
        JsonNode ds = t.has("datasource") ? t.get("datasource") : p.path("datasource");
        boolean sql = t.has("rawSql");
        out.add(
            new Target(
                dashboard.path("uid").asText(),
                p.path("id").asInt(),
                p.path("title").asText(),
                t.path("refId").asText(),
                ds.path("uid").asText(),
                sql ? t.path("format").asText() : null,
                sql ? t.path("rawSql").asText() : t.path("expr").asText()));
      }
    }
    return out;
  }

  static List<Target> allTargets() {
    return all().stream().flatMap(d -> targets(d).stream()).toList();
  }

  /** What each SQL target must return, in order: {@code uid/panelId/refId} to column names. */
  @SuppressWarnings("unchecked")
  static Map<String, List<String>> expectedColumns() {
    try (InputStream in =
        Dashboards.class.getClassLoader().getResourceAsStream("expected-columns.json")) {
      return JSON.readValue(in, Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
