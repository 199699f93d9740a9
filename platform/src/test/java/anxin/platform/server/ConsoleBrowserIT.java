package anxin.platform.server;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.testing.MqttBroker;
import anxin.testing.Postgres;
import anxin.testing.TestServices;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staff console in a real browser (issue 5 item 7): {@code src/test/browser/console.test.mjs}
 * drives Debian's Chromium with playwright-core against a running platform. Needs Node.js and
 * {@code /usr/bin/chromium} ({@code .ci/services.sh} installs it); fails, never skips, without
 * them. Screenshots go to {@code target/browser-screenshots}, the script's output to {@code
 * target/browser-screenshots/console-test.log}.
 */
@ExtendWith(TestServices.class)
class ConsoleBrowserIT {

  private static final Path SCRIPTS = Path.of("src/test/browser");
  private static final Path SHOTS = Path.of("target/browser-screenshots");

  @Test
  void caregiverSeesAFallWithin2s_acknowledges_survivesALostConnection_neverSeesAnotherFacility(
      Postgres pg, MqttBroker broker, @TempDir Path dir) throws Exception {
    assertThat(new File("/usr/bin/chromium"))
        .as("Debian's chromium is needed for the browser tests: apt-get install chromium")
        .exists();
    Files.createDirectories(SHOTS);
    if (!Files.isDirectory(SCRIPTS.resolve("node_modules"))) {
      run(List.of("npm", "ci", "--no-audit", "--no-fund"), SHOTS.resolve("npm-ci.log"), 300);
    }
    try (PlatformRig rig = new PlatformRig(pg, broker, dir)) {
      ProcessBuilder node =
          new ProcessBuilder("node", "console.test.mjs").directory(SCRIPTS.toFile());
      node.environment().put("PLATFORM_PORT", Integer.toString(rig.platform.httpPort()));
      node.environment().put("TOKEN_A", rig.tokens.get("fa"));
      node.environment().put("MQTT_URL", broker.serverUri());
      node.environment().put("SCREENSHOTS", SHOTS.toAbsolutePath().toString());
      Path log = SHOTS.resolve("console-test.log");
      int exit = run(node, log, 180);
      assertThat(exit).as(Files.readString(log)).isZero();
      assertThat(Files.readString(log)).contains("all checks passed");
      assertThat(SHOTS.resolve("1-fall-shown.png")).exists();
    }
  }

  private static int run(List<String> command, Path log, int seconds) throws Exception {
    return run(new ProcessBuilder(command).directory(SCRIPTS.toFile()), log, seconds);
  }

  private static int run(ProcessBuilder pb, Path log, int seconds) throws Exception {
    Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          pb.command() + " did not finish in " + seconds + " s: " + Files.readString(log));
    }
    return p.exitValue();
  }
}
