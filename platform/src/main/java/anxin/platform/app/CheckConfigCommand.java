package anxin.platform.app;

import anxin.platform.config.ConfigLoader;
import anxin.platform.config.PlatformConfig;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Validates the configuration and prints every effective value with where it came from. */
@Command(
    name = "check-config",
    mixinStandardHelpOptions = true,
    description = {
      "Validates the configuration, listing every problem at once, and prints the effective",
      "values (secrets masked) with their origin: default, the file, or an environment variable.",
      "Exit codes: 0 valid, 2 invalid."
    })
final class CheckConfigCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PlatformConfig c = config.load(spec.commandLine().getErr());
    if (c == null) {
      return 2;
    }
    out.println("Configuration is valid.");
    for (Map.Entry<String, String> e : ConfigLoader.masked(c.values()).entrySet()) {
      out.printf("  %-32s = %-28s (%s)%n", e.getKey(), e.getValue(), c.origins().get(e.getKey()));
    }
    out.printf(
        "Database: %s. Broker: %s.%n",
        c.embeddedDatabase()
            ? "embedded PostgreSQL in " + c.dataDir().resolve("postgres")
            : c.databaseUrl(),
        c.embeddedBroker()
            ? "embedded HiveMQ CE on 127.0.0.1:" + c.mqttEmbeddedPort()
            : String.join(",", c.mqttUrls()));
    out.flush();
    return 0;
  }
}
