package anxin.platform.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** docs/import.md and its example files say what the importer reads. */
class ImportDocsTest {

  private static final Path DOCS = Path.of("..", "docs");

  static Stream<Kind> kinds() {
    return Stream.of(Kind.values());
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void docs_listEveryColumnOfTheKind(Kind kind) throws Exception {
    String doc = Files.readString(DOCS.resolve("import.md"), StandardCharsets.UTF_8);
    String section =
        doc.substring(doc.indexOf("## `" + kind.wireName() + "`")).split("\n## ", 2)[0];

    for (Column c : kind.columns()) {
      assertThat(section)
          .contains("| `" + c.name() + "` | " + (c.required() ? "yes" : "") + " | " + c.meaning());
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void exampleFile_hasEveryDocumentedColumn(Kind kind) throws Exception {
    Path example = DOCS.resolve("examples/import/" + kind.wireName() + ".csv");
    try (var in = Files.newBufferedReader(example, StandardCharsets.UTF_8)) {
      CsvTable t = CsvTable.read(kind, example.toString(), in);

      assertThat(t.problems).isEmpty();
      assertThat(t.header)
          .containsExactlyElementsOf(kind.columns().stream().map(Column::name).toList());
      assertThat(t.rows).isNotEmpty().allSatisfy(r -> assertThat(r.problems).isEmpty());
    }
  }
}
