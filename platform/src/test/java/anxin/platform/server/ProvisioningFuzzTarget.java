package anxin.platform.server;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.FacilityRules;
import anxin.alerting.escalation.FacilityEscalation;
import anxin.protocol.Ids;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON bodies of {@code PUT /api/v1/facilities} and {@code PUT /api/v1/policies} ({@link
 * ProvisioningBodies}) on any text: no exception; a refusal is {@code bad_body} or {@code invalid}
 * with a detail ({@code invalid} also lists its problems); what is accepted is what the routes then
 * store: a valid facility id, name and time zone, or settings that are all {@code rules.*} and
 * {@code escalation.*} and parse.
 */
public final class ProvisioningFuzzTarget {

  private ProvisioningFuzzTarget() {}

  public static void facility(String body) {
    ProvisioningBodies.Read<ProvisioningBodies.FacilityBody> r = ProvisioningBodies.facility(body);
    if (refused(r)) {
      return;
    }
    ProvisioningBodies.FacilityBody f = r.value();
    assertThat(Ids.isFacilityId(f.id())).as("id %s", f.id()).isTrue();
    assertThat(f.name()).isNotBlank().hasSizeLessThanOrEqualTo(200);
    assertThat(ZoneId.of(f.zone())).isNotNull();
  }

  public static void policies(String body) {
    ProvisioningBodies.Read<Map<String, String>> r =
        ProvisioningBodies.policies(body, Map.of(), Map.of());
    if (refused(r)) {
      return;
    }
    Map<String, String> rules = new TreeMap<>();
    Map<String, String> escalation = new TreeMap<>();
    r.value()
        .forEach(
            (k, v) -> {
              if (k.startsWith("rules.")) {
                rules.put(k.substring("rules.".length()), v);
              } else {
                assertThat(k).startsWith("escalation.");
                escalation.put(k.substring("escalation.".length()), v);
              }
            });
    assertThat(FacilityRules.parse(rules)).isNotNull();
    assertThat(FacilityEscalation.parse(escalation)).isNotNull();
  }

  private static boolean refused(ProvisioningBodies.Read<?> r) {
    if (r.refusal() == null) {
      assertThat(r.value()).isNotNull();
      return false;
    }
    assertThat(r.refusal().reason()).isIn("bad_body", "invalid");
    assertThat(r.refusal().detail()).isNotBlank();
    if (r.refusal().reason().equals("invalid")) {
      assertThat(r.refusal().problems()).isNotEmpty().allSatisfy(p -> assertThat(p).isNotBlank());
    }
    return true;
  }
}
