package anxin.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FacilityRulesTest {

  @Test
  void defaults_matchDesignSection4() {
    FacilityRules r = FacilityRules.defaults();

    assertThat(r.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    assertThat(r.nightStart()).isEqualTo(LocalTime.of(22, 0));
    assertThat(r.nightEnd()).isEqualTo(LocalTime.of(6, 0));
    assertThat(r.exitDoors()).containsExactly("main");
    assertThat(r.nightExitGrace()).isEqualTo(Duration.ofSeconds(60));
    assertThat(r.fallCancelWindow()).isEqualTo(Duration.ofSeconds(30));
    assertThat(r.repeatedFallWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(r.doorLeftOpen()).isEqualTo(Duration.ofMinutes(15));
    assertThat(r.notBackInBed()).isEqualTo(Duration.ofMinutes(20));
    assertThat(r.inactivityAfter()).isEqualTo(Duration.ofHours(12));
    assertThat(r.dayStart()).isEqualTo(LocalTime.of(7, 0));
    assertThat(r.dayEnd()).isEqualTo(LocalTime.of(22, 0));
    assertThat(r.heartbeat()).isEqualTo(Duration.ofMinutes(5));
    assertThat(r.silentAfter("any")).isEqualTo(Duration.ofMinutes(15));
    assertThat(r.gatewaySilent()).isEqualTo(Duration.ofMinutes(2));
    assertThat(r.batteryLowPercent()).isEqualTo(15);
    assertThat(r.carePlan("nobody")).isEqualTo(CarePlan.NONE);
  }

  @Test
  void parse_perResidentAndPerDeviceKeys_readsCarePlansAndHeartbeats() {
    FacilityRules r =
        FacilityRules.parse(
            Map.of(
                "zone", "Europe/Berlin",
                "night-exit.doors", "main, garden",
                "door.left-open", "PT10M",
                "resident.res-1.care", "wandering_risk,lives_alone",
                "resident.res-2.care", "fall_risk",
                "device.pir-9.heartbeat", "500ms"));

    assertThat(r.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(r.exitDoors()).isEqualTo(Set.of("main", "garden"));
    assertThat(r.doorLeftOpen()).isEqualTo(Duration.ofMinutes(10));
    assertThat(r.carePlan("res-1")).isEqualTo(new CarePlan(true, true, false));
    assertThat(r.carePlan("res-2")).isEqualTo(new CarePlan(false, false, true));
    assertThat(r.anyWanderingRisk()).isTrue();
    assertThat(r.silentAfter("pir-9")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void parse_manyProblems_reportsEveryOneAtOnce() {
    Map<String, String> bad =
        Map.of(
            "zone", "Mars/Olympus",
            "night.start", "25:00",
            "door.left-open", "-5min",
            "fall.cancel-window", "soon",
            "device.silent-heartbeats", "0",
            "battery.low-percent", "150",
            "inactivity.day.start", "23:00",
            "resident.res-1.care", "sleepwalker",
            "device.pir-9.heartbeat", "0s",
            "nightly", "yes");

    assertThatThrownBy(() -> FacilityRules.parse(bad))
        .isInstanceOfSatisfying(
            InvalidRulesException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(10)
                    .anySatisfy(p -> assertThat(p).contains("zone").contains("Mars/Olympus"))
                    .anySatisfy(p -> assertThat(p).contains("night.start").contains("25:00"))
                    .anySatisfy(p -> assertThat(p).contains("door.left-open").contains("-5min"))
                    .anySatisfy(p -> assertThat(p).contains("fall.cancel-window").contains("soon"))
                    .anySatisfy(p -> assertThat(p).contains("device.silent-heartbeats"))
                    .anySatisfy(p -> assertThat(p).contains("battery.low-percent").contains("150"))
                    .anySatisfy(p -> assertThat(p).contains("inactivity.day.start 23:00"))
                    .anySatisfy(p -> assertThat(p).contains("sleepwalker"))
                    .anySatisfy(p -> assertThat(p).contains("device.pir-9.heartbeat"))
                    .anySatisfy(p -> assertThat(p).isEqualTo("unknown key: nightly")));
  }

  @Test
  void parse_emptyNight_isAProblem() {
    assertThatThrownBy(
            () -> FacilityRules.parse(Map.of("night.start", "06:00", "night.end", "06:00")))
        .isInstanceOf(InvalidRulesException.class)
        .hasMessageContaining("night is empty");
  }

  @Test
  void everySettingDefault_parses() {
    for (RuleSetting s : RuleSetting.values()) {
      FacilityRules.parse(Map.of(s.key(), s.defaultValue()));
    }
    assertThat(FacilityRules.parse(Map.of())).isEqualTo(FacilityRules.defaults());
  }

  @Test
  void docs_configurationTable_isGeneratedFromRuleSetting() throws IOException {
    String doc =
        Files.readString(Path.of("..", "docs", "alerting-rules.md"), StandardCharsets.UTF_8);

    assertThat(doc)
        .as("docs/alerting-rules.md must contain RuleSetting.markdownTable() verbatim")
        .contains(RuleSetting.markdownTable());
  }
}
