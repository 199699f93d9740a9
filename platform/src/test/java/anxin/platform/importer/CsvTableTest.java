package anxin.platform.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** Reading files: header, BOM, Excel quoting and the row numbers a spreadsheet shows. */
class CsvTableTest {

  private static CsvTable read(Kind kind, String text) throws Exception {
    return CsvTable.read(kind, "z.csv", new StringReader(text));
  }

  @Test
  void read_byteOrderMark_isNotPartOfTheFirstColumn() throws Exception {
    CsvTable t = read(Kind.ZONES, "\uFEFFfacility,room,zone\nws-a,101,A\n");

    assertThat(t.problems).isEmpty();
    assertThat(t.rows)
        .singleElement()
        .satisfies(r -> assertThat(r.cell("facility")).isEqualTo("ws-a"));
  }

  @Test
  void read_quotedLineBreak_staysOneRowAndLaterRowsKeepSpreadsheetNumbers() throws Exception {
    CsvTable t =
        read(
            Kind.RESIDENTS,
            "id,facility,name\r\nr1,ws-a,\"two\nlines\"\r\n\r\nr2,ws-a,\"say \"\"hi\"\", ok\"\r\n");

    assertThat(t.problems).isEmpty();
    assertThat(t.rows).extracting(r -> r.number).containsExactly(2, 4);
    assertThat(t.rows.get(1).cell("name")).isEqualTo("say \"hi\", ok");
  }

  @Test
  void read_headerIsCaseAndSpaceInsensitive_andColumnsMayComeInAnyOrder() throws Exception {
    CsvTable t = read(Kind.ZONES, " Zone ,ROOM,facility\nA,101,ws-a\n");

    assertThat(t.problems).isEmpty();
    assertThat(t.rows.get(0).cell("room")).isEqualTo("101");
  }

  @Test
  void read_badHeader_reportsEveryProblemOnRow1() throws Exception {
    CsvTable t = read(Kind.ZONES, "facility,room,room,colour\nws-a,101,A,red\n");

    assertThat(t.problems)
        .extracting(Problem::row, Problem::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "room"),
            org.assertj.core.groups.Tuple.tuple(1, "colour"),
            org.assertj.core.groups.Tuple.tuple(1, "zone"));
    assertThat(t.problems.get(1).message()).contains("unknown column", "facility, room, zone");
    assertThat(t.problems.get(2).message()).contains("required column missing");
  }

  @Test
  void read_valueBeyondTheHeader_isAProblemOfItsRow() throws Exception {
    CsvTable t = read(Kind.ZONES, "facility,room,zone\nws-a,101,A,extra\nws-a,102,A,\n");

    assertThat(t.rows.get(0).problems)
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("column 4"));
    assertThat(t.rows.get(1).problems).isEmpty();
  }

  @Test
  void read_unclosedQuote_isReportedNotThrown() throws Exception {
    CsvTable t = read(Kind.ZONES, "facility,room,zone\nws-a,101,A\nws-a,\"102,A\n");

    assertThat(t.problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.row()).isEqualTo(3);
              assertThat(p.message()).startsWith("not valid CSV");
            });
  }

  @Test
  void read_emptyFile_reportsTheMissingHeader() throws Exception {
    assertThat(read(Kind.DEVICES, "").problems)
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("header row is missing"));
  }
}
