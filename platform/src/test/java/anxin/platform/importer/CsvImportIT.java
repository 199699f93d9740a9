package anxin.platform.importer;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.outbox.JdbcOutbox;
import anxin.ingest.jdbc.Database;
import anxin.ingest.registry.TokenHash;
import anxin.platform.store.PlatformSchema;
import anxin.testing.Postgres;
import anxin.testing.TestServices;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Imports into a real, freshly migrated PostgreSQL database. */
@ExtendWith(TestServices.class)
class CsvImportIT {

  /** docs/examples/import, from the platform module's directory. */
  private static final Path EXAMPLES = Path.of("..", "docs", "examples", "import");

  private static final List<Kind> EXAMPLE_ORDER =
      List.of(Kind.DEVICES, Kind.STAFF, Kind.FAMILY, Kind.RESIDENTS, Kind.ZONES, Kind.FACILITIES);

  private Database db;

  @BeforeEach
  void open(Postgres server) throws Exception {
    Postgres pg = server.freshDatabase();
    db = Database.open(pg.jdbcUrl(), pg.user(), pg.password(), 2);
    JdbcOutbox.migrate(db.dataSource());
    PlatformSchema.migrate(db.dataSource());
  }

  @AfterEach
  void close() {
    db.close();
  }

  private List<Report> importExamples(boolean dryRun) throws Exception {
    List<CsvImport.Input> inputs = new ArrayList<>();
    for (Kind k : EXAMPLE_ORDER) { // deliberately out of order: the import sorts by kind
      Path file = EXAMPLES.resolve(k.wireName() + ".csv");
      inputs.add(
          new CsvImport.Input(
              k,
              file.getFileName().toString(),
              Files.newBufferedReader(file, StandardCharsets.UTF_8)));
    }
    return CsvImport.run(db.dataSource(), inputs, dryRun, ProgressListener.NOOP);
  }

  private Report importText(Kind kind, String text, boolean dryRun) throws Exception {
    return CsvImport.run(
        db.dataSource(),
        kind,
        kind.wireName() + ".csv",
        new StringReader(text),
        dryRun,
        ProgressListener.NOOP);
  }

  private long count(String table) throws Exception {
    return Long.parseLong(query("SELECT count(*) FROM " + table));
  }

  private String query(String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Test
  void examples_importInKindOrder_andEveryRowIsAdded() throws Exception {
    List<Report> reports = importExamples(false);

    assertThat(reports)
        .extracting(Report::kind)
        .containsExactly(
            Kind.FACILITIES, Kind.ZONES, Kind.RESIDENTS, Kind.FAMILY, Kind.STAFF, Kind.DEVICES);
    assertThat(reports).allSatisfy(r -> assertThat(r.problems()).isEmpty());
    assertThat(reports).allSatisfy(r -> assertThat(r.added()).isEqualTo(r.rows()));
    assertThat(count("facility")).isEqualTo(2);
    assertThat(count("room_zone")).isEqualTo(4);
    assertThat(count("resident")).isEqualTo(4);
    assertThat(count("family_contact")).isEqualTo(3);
    assertThat(count("staff")).isEqualTo(4);
    assertThat(count("device")).isEqualTo(5);
    assertThat(query("SELECT zone FROM facility WHERE id = 'ws-home-21'"))
        .isEqualTo("Asia/Shanghai");
    assertThat(query("SELECT care FROM resident WHERE id = 'ws-fuyuan-r102'"))
        .isEqualTo("wandering_risk,fall_risk");
    assertThat(query("SELECT shifts FROM staff WHERE id = 'ws-fuyuan-cg2'"))
        .isEqualTo("07:00-19:00; 19:00-07:00 sat,sun");
    assertThat(query("SELECT heartbeat_s FROM device WHERE id = 'ws-fuyuan-r102-bed'"))
        .isEqualTo("600");
    assertThat(query("SELECT token_sha256 FROM device WHERE id = 'ws-home-21-pir'"))
        .isEqualTo(TokenHash.of("Xq3v9LmT2pR8sK4wZ7yB1nC6"));
    assertThat(query("SELECT count(*) FROM device WHERE token_sha256 IS NULL")).isEqualTo("4");
  }

  @Test
  void reimport_sameFiles_changesNothing() throws Exception {
    importExamples(false);
    String before = query("SELECT max(updated_at)::text FROM device");

    List<Report> again = importExamples(false);

    assertThat(again)
        .allSatisfy(
            r -> {
              assertThat(r.ok()).isTrue();
              assertThat(r.added()).isZero();
              assertThat(r.updated()).isZero();
              assertThat(r.unchanged()).isEqualTo(r.rows());
            });
    assertThat(query("SELECT max(updated_at)::text FROM device")).isEqualTo(before);
  }

  @Test
  void reimport_changedRow_isCountedAsUpdated_andBlankTokenKeepsTheStoredOne() throws Exception {
    importExamples(false);

    Report r =
        importText(
            Kind.DEVICES,
            "id,facility,kind,room,resident,heartbeat,token\n"
                + "ws-fuyuan-r101-pb,ws-fuyuan,panic_button,101,ws-fuyuan-r101,5m,\n"
                + "ws-home-21-pir,ws-home-21,motion_sensor,home,ws-home-21-r1,2h,\n",
            false);

    assertThat(r.problems()).isEmpty();
    assertThat(List.of(r.added(), r.updated(), r.unchanged())).containsExactly(0, 1, 1);
    assertThat(query("SELECT heartbeat_s FROM device WHERE id = 'ws-home-21-pir'"))
        .isEqualTo("7200");
    assertThat(query("SELECT token_sha256 FROM device WHERE id = 'ws-home-21-pir'"))
        .isEqualTo(TokenHash.of("Xq3v9LmT2pR8sK4wZ7yB1nC6"));
  }

  @Test
  void dryRun_countsButWritesNothing() throws Exception {
    List<Report> reports = importExamples(true);

    assertThat(reports).allSatisfy(r -> assertThat(r.ok()).isTrue());
    assertThat(reports).allSatisfy(r -> assertThat(r.added()).isEqualTo(r.rows()));
    assertThat(reports).noneMatch(Report::wrote);
    for (String table :
        List.of("facility", "room_zone", "resident", "family_contact", "staff", "device")) {
      assertThat(count(table)).as(table).isZero();
    }
  }

  @Test
  void fileWithThreeBadRows_writesNothing_andReportsAllThree() throws Exception {
    importText(Kind.FACILITIES, "id,name\nws-a,Home A\n", false);

    Report r =
        importText(
            Kind.RESIDENTS,
            "id,facility,name,room,care\n"
                + "r1,ws-a,Zhang,101,\n"
                + "r2,ws-nowhere,Wang,102,\n" // row 3: unknown facility
                + "r3,ws-a,Li,103,\n"
                + "r1,ws-a,Zhao,104,\n" // row 5: r1 again
                + "r5,ws-a,Chen,105,sleepwalker\n", // row 6: unknown care flag
            false);

    assertThat(r.ok()).isFalse();
    assertThat(r.problems())
        .extracting(Problem::row, Problem::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3, "facility"),
            org.assertj.core.groups.Tuple.tuple(5, "id"),
            org.assertj.core.groups.Tuple.tuple(6, "care"));
    assertThat(r.problems().get(1).message()).contains("first in row 2");
    assertThat(count("resident")).isZero();
  }

  @Test
  void devices_referToResidentsOfTheirFacility_andTokensAreUnique() throws Exception {
    importExamples(false);

    Report r =
        importText(
            Kind.DEVICES,
            "id,facility,kind,resident,token\n"
                + "d1,ws-fuyuan,panic_button,ws-home-21-r1,\n"
                + "d2,ws-fuyuan,panic_button,,Xq3v9LmT2pR8sK4wZ7yB1nC6\n"
                + "d3,ws-fuyuan,panic_button,,aaaaaaaaaaaaaaaaaaaa\n"
                + "d4,ws-fuyuan,panic_button,,aaaaaaaaaaaaaaaaaaaa\n",
            false);

    assertThat(r.problems())
        .extracting(Problem::row, Problem::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, "resident"),
            org.assertj.core.groups.Tuple.tuple(3, "token"),
            org.assertj.core.groups.Tuple.tuple(5, "token"));
    assertThat(r.problems().get(1).message()).contains("ws-home-21-pir");
    assertThat(r.problems()).noneMatch(p -> p.message().contains("aaaa")); // tokens never quoted
    assertThat(count("device")).isEqualTo(5);
  }

  @Test
  void fiftyThousandDevices_completeWithProgress(@TempDir Path dir) throws Exception {
    importText(Kind.FACILITIES, "id,name\nws-big,Big Home\n", false);
    Path file = dir.resolve("devices.csv");
    StringBuilder csv = new StringBuilder("id,facility,kind,room,heartbeat\n");
    for (int i = 0; i < 50_000; i++) {
      csv.append("big-").append(i).append(",ws-big,motion_sensor,").append(i % 400).append(",5m\n");
    }
    Files.writeString(file, csv);
    List<Progress> progress = new CopyOnWriteArrayList<>();

    Report r;
    try (var in = Files.newBufferedReader(file)) {
      r = CsvImport.run(db.dataSource(), Kind.DEVICES, "devices.csv", in, false, progress::add);
    }

    assertThat(r.problems()).isEmpty();
    assertThat(r.added()).isEqualTo(50_000);
    assertThat(count("device")).isEqualTo(50_000);
    List<Progress> checking = progress.stream().filter(p -> p.phase().equals("checking")).toList();
    List<Progress> writing = progress.stream().filter(p -> p.phase().equals("writing")).toList();
    assertThat(checking).hasSizeGreaterThanOrEqualTo(50);
    assertThat(checking.get(checking.size() - 1).done()).isEqualTo(50_000);
    assertThat(writing.get(writing.size() - 1).done()).isEqualTo(50_000);
    assertThat(progress).allSatisfy(p -> assertThat(p.total()).isEqualTo(50_000));
    assertThat(checking).extracting(Progress::done).isSorted();
    assertThat(writing).extracting(Progress::done).isSorted();

    Report again;
    try (var in = Files.newBufferedReader(file)) {
      again =
          CsvImport.run(
              db.dataSource(), Kind.DEVICES, "devices.csv", in, false, ProgressListener.NOOP);
    }
    assertThat(again.unchanged()).isEqualTo(50_000);
  }
}
