package anxin.gateway.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code anxin-gateway} command: runs the gateway with one configuration file. */
@Command(
    name = "anxin-gateway",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Anxin edge gateway: local sensors to a durable journal to the platform.")
public final class Main implements Callable<Integer> {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "the configuration file (JSON; keys: --settings, or docs/gateway.md)")
  Path config;

  @Option(names = "--settings", description = "print every configuration key and exit")
  boolean settings;

  @Option(names = "--check", description = "validate the configuration file and exit")
  boolean check;

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "anxin-gateway-logback.xml");
    }
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (settings) {
      System.out.print(Setting.markdownTable());
      return 0;
    }
    if (config == null) {
      System.err.println("anxin-gateway: --config FILE is required");
      return 2;
    }
    GatewayConfig c;
    try {
      c = GatewayConfig.load(config, System.getenv(), version());
    } catch (IllegalArgumentException e) {
      System.err.println("anxin-gateway: " + e.getMessage());
      return 2;
    }
    if (check) {
      System.out.println("configuration OK: " + c);
      return 0;
    }
    Gateway gateway = Gateway.start(c, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  gateway.close();
                  stopped.countDown();
                },
                "anxin-gateway-shutdown"));
    stopped.await();
    return 0;
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"anxin-gateway " + version()};
    }
  }
}
