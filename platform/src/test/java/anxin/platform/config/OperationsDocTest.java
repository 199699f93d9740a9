package anxin.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/operations.md's configuration reference is the one generated from {@link ConfigKey}. */
class OperationsDocTest {

  @Test
  void configurationReference_isGeneratedFromTheKeys() throws Exception {
    String expected = ConfigKey.markdownTable();
    Path generated = Path.of("target/operations-config-table.md");
    Files.writeString(generated, expected);
    String doc = Files.readString(Path.of("../docs/operations.md"));
    assertThat(doc)
        .as("docs/operations.md must contain the table in %s", generated.toAbsolutePath())
        .contains(expected);
  }
}
