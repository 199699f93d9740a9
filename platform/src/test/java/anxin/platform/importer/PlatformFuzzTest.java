package anxin.platform.importer;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.platform.server.ProvisioningFuzzTarget;
import anxin.platform.server.StatusFuzzTarget;
import anxin.testing.FuzzInput;
import anxin.testing.FuzzTargets;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz targets of the platform's own decoders (docs/reliability.md#fuzzing), run by Jazzer:
 *
 * <ul>
 *   <li>{@code STATUS}: a gateway's status message ({@link StatusFuzzTarget}).
 *   <li>{@code CSV}: an import file of any kind, read ({@link CsvTable}) and every row parsed
 *       ({@link Parsers}): nothing throws, and every problem names its row and says what is wrong.
 *       The PUT routes for residents, devices, staff, roster and family turn their JSON into this
 *       CSV, so this is their parse step too.
 *   <li>{@code PUT}: the JSON body of {@code PUT /api/v1/facilities} or {@code /api/v1/policies}
 *       ({@link ProvisioningFuzzTarget}), the two routes that read JSON themselves.
 * </ul>
 *
 * Seeds: the example import files of docs/examples/import and typical statuses.
 */
class PlatformFuzzTest {

  enum Target {
    STATUS,
    CSV,
    PUT
  }

  private static final FuzzTargets<Target> TARGETS = new FuzzTargets<>(Target.class);

  @MethodSource("seeds")
  @DictionaryEntries({
    "{\"state\":\"online\"",
    "\"offline\"",
    "\"ver\":",
    "\"queued\":",
    "\"evicted\":",
    "\"local_alarms\":[",
    "\"",
    "\"\"",
    ",",
    "facility",
    "room",
    "zone",
    "id",
    "name",
    "kind",
    "phone",
    "+8613800138000",
    "heartbeat",
    "quiet_hours",
    "22:00-06:00",
    "shifts",
    "{\"settings\":{",
    "\"rules.door.left-open\":",
    "\"escalation.p1.step.1\":",
    "\"20min\"",
    "\"Asia/Shanghai\""
  })
  @FuzzTest(maxDuration = "10s")
  void fuzz(byte[] data) throws IOException {
    FuzzInput in = new FuzzInput(data);
    Target target = TARGETS.select(in);
    if (target == Target.STATUS) {
      StatusFuzzTarget.run(in.rest());
    } else if (target == Target.CSV) {
      Kind kind = Kind.values()[in.pick(Kind.values().length)];
      csv(kind, new String(in.rest(), StandardCharsets.UTF_8));
    } else if (target == Target.PUT) {
      boolean policies = in.pick(2) == 1;
      String body = new String(in.rest(), StandardCharsets.UTF_8);
      if (policies) {
        ProvisioningFuzzTarget.policies(body);
      } else {
        ProvisioningFuzzTarget.facility(body);
      }
    }
  }

  @AfterAll
  static void report() {
    System.out.print(TARGETS.report());
  }

  private static void csv(Kind kind, String text) throws IOException {
    CsvTable table = CsvTable.read(kind, "fuzz.csv", new StringReader(text));

    List<Problem> problems = new ArrayList<>(table.problems);
    for (Row row : table.rows) {
      Parsers.parse(kind, row);
      problems.addAll(row.problems);
    }
    for (Problem p : problems) {
      assertThat(p.row()).as("row of %s", p).isPositive();
      assertThat(p.message()).as("message of %s", p).isNotBlank();
    }
  }

  static Stream<byte[]> seeds() throws IOException {
    List<byte[]> seeds = new ArrayList<>();
    for (String status :
        List.of(
            "{\"state\":\"online\",\"ver\":\"2.1.0\",\"queued\":12}",
            "{\"state\":\"offline\"}",
            "{\"state\":\"online\",\"ver\":\"2.1.0\",\"queued\":0,\"evicted\":3,"
                + "\"local_alarms\":[{\"dev\":\"pb-101\",\"type\":\"panic\"}]}")) {
      seeds.add(
          FuzzInput.builder()
              .u8(Target.STATUS.ordinal())
              .rest(status.getBytes(StandardCharsets.UTF_8)));
    }
    for (String facility :
        List.of(
            "{\"id\":\"sunrise-home\",\"name\":\"Sunrise\",\"zone\":\"Asia/Shanghai\","
                + "\"county\":\"Wenshan\",\"region\":\"Yunnan\"}",
            "{\"id\":\"Bad Id\",\"name\":\"\",\"zone\":\"Mars/Olympus\"}")) {
      seeds.add(
          FuzzInput.builder()
              .u8(Target.PUT.ordinal())
              .u8(0)
              .rest(facility.getBytes(StandardCharsets.UTF_8)));
    }
    for (String policies :
        List.of(
            "{\"settings\":{\"rules.door.left-open\":\"20min\","
                + "\"escalation.p1.step.2\":\"90s; on_duty_staff; console, webhook, sms\"}}",
            "{\"settings\":{\"rules.door.left-open\":\"soon\",\"colour\":\"red\"}}")) {
      seeds.add(
          FuzzInput.builder()
              .u8(Target.PUT.ordinal())
              .u8(1)
              .rest(policies.getBytes(StandardCharsets.UTF_8)));
    }
    try (Stream<Path> files = Files.list(Path.of("../docs/examples/import"))) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString().replace(".csv", "");
        Kind kind = Kind.of(name);
        seeds.add(
            FuzzInput.builder()
                .u8(Target.CSV.ordinal())
                .u8(kind.ordinal())
                .rest(Files.readAllBytes(f)));
      }
    }
    return seeds.stream();
  }
}
