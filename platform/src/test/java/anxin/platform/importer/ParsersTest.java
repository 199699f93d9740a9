package anxin.platform.importer;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.ingest.registry.TokenHash;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Row validation of every kind: each field's problems, and the values stored for good rows. */
class ParsersTest {

  /** A row of each kind with no problem; cases change one cell. */
  private static final Map<Kind, Map<String, String>> GOOD =
      Map.of(
          Kind.FACILITIES,
          row("id=ws-a", "name=Home A", "county=County", "region=Region", "zone=Asia/Shanghai"),
          Kind.ZONES,
          row("facility=ws-a", "room=101", "zone=A"),
          Kind.RESIDENTS,
          row("id=ws-a-r1", "facility=ws-a", "name=Zhang", "room=101", "care=fall_risk"),
          Kind.FAMILY,
          row(
              "id=f1",
              "resident=ws-a-r1",
              "phone=+8613800000001",
              "language=en",
              "quiet_hours=22:00-07:00",
              "told_of_resolution=true"),
          Kind.STAFF,
          row(
              "id=s1",
              "facility=ws-a",
              "name=Luo",
              "roles=caregiver",
              "zones=A",
              "phone=+8613900000001",
              "webhook=duty-robot",
              "language=zh-CN",
              "shifts=19:00-07:00",
              "active=true"),
          Kind.DEVICES,
          row(
              "id=ws-a-pb",
              "facility=ws-a",
              "kind=panic_button",
              "room=101",
              "resident=ws-a-r1",
              "heartbeat=5m",
              "token=0123456789abcdefXYZ"));

  static Stream<Arguments> problems() {
    return Stream.of(
        // ids
        bad(Kind.FACILITIES, "id", "WS-A", "not a facility id"),
        bad(Kind.FACILITIES, "id", "", "required"),
        bad(Kind.FACILITIES, "id", "-ws", "not a facility id"),
        bad(Kind.RESIDENTS, "facility", "ws_a", "not a facility id"),
        bad(Kind.RESIDENTS, "id", "_r1", "not an id"),
        bad(Kind.RESIDENTS, "id", "r 1", "not an id"),
        bad(Kind.DEVICES, "id", "x".repeat(65), "not an id"),
        bad(Kind.FAMILY, "resident", "", "required"),
        // names and rooms
        bad(Kind.FACILITIES, "name", "", "required"),
        bad(Kind.RESIDENTS, "name", "x".repeat(101), "longer than 100"),
        bad(Kind.RESIDENTS, "name", "two\nlines", "line break"),
        bad(Kind.RESIDENTS, "room", "room,1", "not a room label"),
        bad(Kind.ZONES, "room", "", "required"),
        bad(Kind.ZONES, "zone", "A B", "not a zone name"),
        bad(Kind.FACILITIES, "zone", "Asia/Kunming2", "unknown time zone"),
        // devices
        bad(Kind.DEVICES, "kind", "smoke_detector", "unknown device kind"),
        bad(Kind.DEVICES, "kind", "", "required"),
        bad(Kind.DEVICES, "heartbeat", "5 minutes", "not a duration"),
        bad(Kind.DEVICES, "heartbeat", "5", "out of range"),
        bad(Kind.DEVICES, "heartbeat", "25h", "out of range"),
        bad(Kind.DEVICES, "heartbeat", "PT0.5S", "out of range"),
        bad(Kind.DEVICES, "token", "short", "not a usable token"),
        bad(Kind.DEVICES, "token", "has a space in it 123456", "not a usable token"),
        bad(Kind.DEVICES, "resident", "r/1", "not an id"),
        // care flags and roles
        bad(Kind.RESIDENTS, "care", "fall_risk,diabetes", "unknown: \"diabetes\""),
        bad(Kind.STAFF, "roles", "nurse", "unknown: \"nurse\""),
        bad(Kind.STAFF, "roles", "", "required"),
        bad(Kind.STAFF, "roles", " , ", "lists nothing"),
        // shifts
        bad(Kind.STAFF, "shifts", "19-07", "not a shift"),
        bad(Kind.STAFF, "shifts", "19:00-07:00 monday", "not a day"),
        bad(Kind.STAFF, "shifts", "07:00-19:00; 25:00-07:00", "not a shift"),
        bad(Kind.STAFF, "shifts", "07:00-07:00", "never covers"),
        bad(Kind.STAFF, "zones", "A,B C", "not a zone name"),
        bad(Kind.STAFF, "webhook", "duty robot", "not a webhook target id"),
        bad(Kind.STAFF, "active", "maybe", "not true or false"),
        // phones, languages, quiet hours
        bad(Kind.FAMILY, "phone", "13800000001", "not an E.164 number"),
        bad(Kind.FAMILY, "phone", "+86 138 0000 0001", "not an E.164 number"),
        bad(Kind.FAMILY, "phone", "+0123456789", "not an E.164 number"),
        bad(Kind.FAMILY, "phone", "", "required"),
        bad(Kind.STAFF, "phone", "+86-139", "not an E.164 number"),
        bad(Kind.FAMILY, "language", "fr", "unknown language"),
        bad(Kind.STAFF, "language", "zh", "unknown language"),
        bad(Kind.FAMILY, "quiet_hours", "22:00", "not HH:MM-HH:MM or none"),
        bad(Kind.FAMILY, "quiet_hours", "22:00-7:00", "not HH:MM-HH:MM or none"),
        bad(Kind.FAMILY, "told_of_resolution", "sometimes", "not true or false"));
  }

  private static Arguments bad(Kind kind, String column, String value, String expected) {
    return Arguments.of(kind, column, value, expected);
  }

  @ParameterizedTest(name = "{0} {1}=\"{2}\" -> {3}")
  @MethodSource("problems")
  void parse_badCell_reportsOneProblemOnThatField(
      Kind kind, String column, String value, String expected) {
    Map<String, String> cells = new LinkedHashMap<>(GOOD.get(kind));
    cells.put(column, value);
    Row row = new Row("f.csv", 7, cells, new ArrayList<>(cells.keySet()));

    Parsers.parse(kind, row);

    assertThat(row.problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.source()).isEqualTo("f.csv");
              assertThat(p.row()).isEqualTo(7);
              assertThat(p.field()).isEqualTo(column);
              assertThat(p.message()).contains(expected);
            });
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void parse_goodRow_hasNoProblem(Kind kind) {
    Map<String, String> cells = GOOD.get(kind);
    Row row = new Row("f.csv", 2, cells, new ArrayList<>(cells.keySet()));

    Parsers.parse(kind, row);

    assertThat(row.problems).isEmpty();
  }

  static Stream<Kind> kinds() {
    return Stream.of(Kind.values());
  }

  @Test
  void parse_everyProblemOfARow_isReported() {
    Map<String, String> cells = new LinkedHashMap<>(GOOD.get(Kind.STAFF));
    cells.put("roles", "nurse");
    cells.put("phone", "123");
    cells.put("shifts", "all day");
    Row row = new Row("f.csv", 3, cells, new ArrayList<>(cells.keySet()));

    Parsers.parse(Kind.STAFF, row);

    assertThat(row.problems).extracting(Problem::field).containsExactly("roles", "phone", "shifts");
  }

  static Stream<Arguments> canonical() {
    return Stream.of(
        Arguments.of(Kind.DEVICES, "heartbeat", "300", "heartbeat_s", 300),
        Arguments.of(Kind.DEVICES, "heartbeat", "90s", "heartbeat_s", 90),
        Arguments.of(Kind.DEVICES, "heartbeat", "10m", "heartbeat_s", 600),
        Arguments.of(Kind.DEVICES, "heartbeat", "pt1h", "heartbeat_s", 3600),
        Arguments.of(Kind.DEVICES, "heartbeat", "", "heartbeat_s", 300),
        Arguments.of(Kind.DEVICES, "kind", "Fall_Sensor", "kind", "fall_sensor"),
        Arguments.of(
            Kind.DEVICES,
            "token",
            "0123456789abcdef",
            "token_sha256",
            TokenHash.of("0123456789abcdef")),
        Arguments.of(Kind.DEVICES, "token", "", "token_sha256", null),
        Arguments.of(
            Kind.RESIDENTS,
            "care",
            "fall_risk, Wandering_Risk",
            "care",
            "wandering_risk,fall_risk"),
        Arguments.of(Kind.RESIDENTS, "care", "", "care", ""),
        Arguments.of(Kind.RESIDENTS, "name", "", "display_name", null),
        Arguments.of(Kind.STAFF, "roles", "manager,caregiver", "roles", "caregiver,manager"),
        Arguments.of(
            Kind.STAFF,
            "shifts",
            " 19:00 - 07:00 sun,Mon ;07:00-19:00;",
            "shifts",
            "19:00-07:00 mon,sun; 07:00-19:00"),
        Arguments.of(Kind.STAFF, "shifts", "", "shifts", ""),
        Arguments.of(Kind.STAFF, "zones", "A, B,A", "zones", "A,B"),
        Arguments.of(Kind.STAFF, "active", "no", "active", false),
        Arguments.of(Kind.STAFF, "active", "", "active", true),
        Arguments.of(Kind.STAFF, "language", "ZH-cn", "language", "zh-CN"),
        Arguments.of(Kind.FAMILY, "quiet_hours", "NONE", "quiet_hours", "none"),
        Arguments.of(Kind.FAMILY, "quiet_hours", "22:00 - 06:30", "quiet_hours", "22:00-06:30"),
        Arguments.of(Kind.FAMILY, "told_of_resolution", "", "told_of_resolution", true),
        Arguments.of(Kind.FACILITIES, "zone", "", "zone", "Asia/Shanghai"));
  }

  @ParameterizedTest(name = "{0} {1}=\"{2}\" stored as {4}")
  @MethodSource("canonical")
  void parse_goodCell_isStoredCanonically(
      Kind kind, String column, String value, String dbColumn, Object stored) {
    Map<String, String> cells = new LinkedHashMap<>(GOOD.get(kind));
    cells.put(column, value);
    Row row = new Row("f.csv", 2, cells, new ArrayList<>(cells.keySet()));

    Map<String, Object> record = Parsers.parse(kind, row);

    assertThat(row.problems).isEmpty();
    assertThat(record).containsEntry(dbColumn, stored);
  }

  @Test
  void parse_columnMissingFromHeader_isLeftOutSoTheStoredValueIsKept() {
    Map<String, String> cells = new LinkedHashMap<>(GOOD.get(Kind.DEVICES));
    cells.remove("heartbeat");
    cells.remove("token");
    Row row = new Row("f.csv", 2, cells, new ArrayList<>(cells.keySet()));

    Map<String, Object> record = Parsers.parse(Kind.DEVICES, row);

    assertThat(record).doesNotContainKeys("heartbeat_s", "token_sha256").containsKey("room");
  }

  private static Map<String, String> row(String... cells) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String c : cells) {
      int eq = c.indexOf('=');
      out.put(c.substring(0, eq), c.substring(eq + 1));
    }
    return out;
  }

  /** Keeps the list of columns each kind documents in step with what the parser reads. */
  @ParameterizedTest
  @MethodSource("kinds")
  void goodRows_useEveryDocumentedColumn(Kind kind) {
    List<String> documented = kind.columns().stream().map(Column::name).toList();
    assertThat(GOOD.get(kind).keySet()).containsExactlyInAnyOrderElementsOf(documented);
  }
}
