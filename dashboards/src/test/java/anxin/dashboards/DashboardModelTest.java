package anxin.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboards against Grafana's dashboard model (the JSON model of Grafana's docs: uid, title,
 * schemaVersion, time, templating.list, panels with id, type, gridPos and targets) and against the
 * provisioning files they rely on.
 */
class DashboardModelTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> PANEL_TYPES =
      Set.of("stat", "table", "timeseries", "heatmap", "bargauge", "barchart", "gauge", "text");
  private static final Pattern DASHBOARD_LINK = Pattern.compile("/d/([A-Za-z0-9_-]+)");

  private static JsonNode yaml(String name) throws Exception {
    return YAML.readTree(Files.readString(Dashboards.directory(name).resolve("anxin.yaml")));
  }

  /** Provisioned data sources: uid to type. */
  private static Map<String, String> datasources() throws Exception {
    Map<String, String> out = new HashMap<>();
    for (JsonNode ds : yaml("datasources").path("datasources")) {
      out.put(ds.path("uid").asText(), ds.path("type").asText());
    }
    return out;
  }

  @Test
  void provisioning_hasBothDataSourcesAndAFileProvider() throws Exception {
    assertThat(datasources())
        .containsEntry(Dashboards.PG_UID, "grafana-postgresql-datasource")
        .containsEntry(Dashboards.PROM_UID, "prometheus");
    JsonNode providers = yaml("dashboards");
    assertThat(providers.path("apiVersion").asInt()).isEqualTo(1);
    assertThat(providers.path("providers")).hasSize(1);
    assertThat(providers.path("providers").get(0).path("type").asText()).isEqualTo("file");
    assertThat(providers.path("providers").get(0).path("options").path("path").asText())
        .isNotBlank();
  }

  @Test
  void dashboards_haveTheRequiredFields_andUniqueUidsMatchingTheirFileNames() {
    Set<String> uids = new HashSet<>();
    for (Path f : Dashboards.files()) {
      JsonNode d = Dashboards.read(f);
      String uid = d.path("uid").asText();
      assertThat(uid).as(f.toString()).matches("[A-Za-z0-9_-]{1,40}");
      assertThat(uids.add(uid)).as("uid %s unique", uid).isTrue();
      assertThat(f.getFileName().toString()).isEqualTo(uid + ".json");
      assertThat(d.path("title").asText()).as(uid).isNotBlank();
      assertThat(d.path("schemaVersion").isInt()).as(uid + " schemaVersion").isTrue();
      assertThat(d.path("time").path("from").asText()).as(uid).isNotBlank();
      assertThat(d.path("templating").path("list").isArray()).as(uid).isTrue();
      assertThat(d.path("panels").isArray()).as(uid).isTrue();
      assertThat(d.has("id")).as(uid + ": no numeric id in provisioned dashboards").isFalse();
    }
    assertThat(uids)
        .containsExactlyInAnyOrder(
            "anxin-bureau", "anxin-facility-night", "anxin-device-health", "anxin-platform-ops");
  }

  @Test
  void panels_haveUniqueIds_aTypeAGridPositionAndTargetsWithUniqueRefIds() {
    for (JsonNode d : Dashboards.all()) {
      String uid = d.path("uid").asText();
      Set<Integer> ids = new HashSet<>();
      for (JsonNode p : d.path("panels")) {
        String where = uid + " panel " + p.path("title").asText();
        assertThat(p.path("id").isInt()).as(where).isTrue();
        assertThat(ids.add(p.path("id").asInt())).as(where + " id unique").isTrue();
        assertThat(p.path("type").asText()).as(where).isIn(PANEL_TYPES);
        JsonNode g = p.path("gridPos");
        for (String k : List.of("h", "w", "x", "y")) {
          assertThat(g.path(k).isInt()).as(where + " gridPos." + k).isTrue();
        }
        assertThat(g.path("x").asInt() + g.path("w").asInt()).as(where).isLessThanOrEqualTo(24);
        assertThat(p.path("targets")).as(where).isNotEmpty();
        Set<String> refIds = new HashSet<>();
        for (JsonNode t : p.path("targets")) {
          assertThat(refIds.add(t.path("refId").asText())).as(where + " refId unique").isTrue();
          assertThat(t.has("rawSql") || t.has("expr")).as(where + " has a query").isTrue();
        }
      }
    }
  }

  @Test
  void everyDataSourceReference_isAProvisionedUidOfTheRightType() throws Exception {
    Map<String, String> provisioned = datasources();
    for (JsonNode d : Dashboards.all()) {
      List<JsonNode> refs = new ArrayList<>();
      d.findParents("datasource").forEach(parent -> refs.add(parent.get("datasource")));
      assertThat(refs).isNotEmpty();
      for (JsonNode ref : refs) {
        String where = d.path("uid").asText() + ": " + ref;
        assertThat(provisioned).as(where).containsKey(ref.path("uid").asText());
        assertThat(ref.path("type").asText())
            .as(where)
            .isEqualTo(provisioned.get(ref.path("uid").asText()));
      }
    }
    for (Dashboards.Target t : Dashboards.allTargets()) {
      assertThat(t.isSql() == (t.format() != null))
          .as("%s: SQL on the PostgreSQL data source, PromQL on Prometheus", t.key())
          .isTrue();
    }
  }

  @Test
  void links_pointToDashboardsThatExist_andFacilityLinksCarryTheFacility() {
    Set<String> uids = new HashSet<>();
    Dashboards.all().forEach(d -> uids.add(d.path("uid").asText()));
    int facilityLinks = 0;
    for (JsonNode d : Dashboards.all()) {
      for (JsonNode url : d.findValues("url")) {
        Matcher m = DASHBOARD_LINK.matcher(url.asText());
        assertThat(m.find()).as(url.asText()).isTrue();
        assertThat(uids).as(url.asText()).contains(m.group(1));
        if (m.group(1).equals("anxin-facility-night") && url.asText().contains("var-facility=")) {
          facilityLinks++;
        }
      }
    }
    assertThat(facilityLinks).as("the bureau's facility table links down").isPositive();
  }

  @Test
  void noPanelSelectsPersonalData() {
    // Facility and county names and staff ids only (issue 7): no resident names, no phone
    // numbers or addresses, no family contacts.
    Pattern personal =
        Pattern.compile(
            "display_name|resident_id|family_contact|\\baddress\\b|phone|\\bparams\\b|\\bnotes\\b",
            Pattern.CASE_INSENSITIVE);
    for (Dashboards.Target t : Dashboards.allTargets()) {
      assertThat(personal.matcher(t.query()).find()).as(t.key() + ": " + t.query()).isFalse();
    }
  }

  @Test
  void everySqlTarget_declaresItsColumns_andNothingElseIsDeclared() {
    Set<String> sql = new HashSet<>();
    Dashboards.allTargets().stream()
        .filter(Dashboards.Target::isSql)
        .forEach(t -> sql.add(t.key()));
    assertThat(Dashboards.expectedColumns().keySet()).isEqualTo(sql);
  }
}
