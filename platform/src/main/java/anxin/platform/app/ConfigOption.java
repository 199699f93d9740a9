package anxin.platform.app;

import anxin.platform.config.ConfigException;
import anxin.platform.config.ConfigLoader;
import anxin.platform.config.PlatformConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by the commands that read the platform's configuration. */
final class ConfigOption {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "YAML configuration (docs/operations.md). Without it: defaults and ANXIN_* environment"
              + " variables; embedded PostgreSQL and MQTT broker when none is configured.")
  Path file;

  /** The configuration, or null after printing every problem to {@code err}. */
  PlatformConfig load(PrintWriter err) {
    try {
      return ConfigLoader.load(file, System.getenv());
    } catch (ConfigException e) {
      err.println("anxin: " + e.getMessage());
      err.flush();
      return null;
    }
  }
}
