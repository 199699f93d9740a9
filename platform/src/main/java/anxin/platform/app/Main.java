package anxin.platform.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code anxin} command. */
@Command(
    name = "anxin",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Anxin (安心): safety monitoring for elderly care.",
    subcommands = {
      ServeCommand.class,
      DemoCommand.class,
      CheckConfigCommand.class,
      MigrateCommand.class,
      TokenCommand.class,
      ImportCommand.class,
      ReportCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // HiveMQ CE ships its own logback.xml; name ours explicitly so logback neither picks theirs
    // nor prints its "found two configurations" status to stdout. A user's setting wins.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "anxin-logback.xml");
    }
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (for tests: no System.exit). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line, for tests that capture its output. */
  static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"anxin " + (v == null ? "development build" : v)};
    }
  }
}
