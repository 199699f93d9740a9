package anxin.platform.app;

import anxin.platform.config.PlatformConfig;
import anxin.platform.server.Platform;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Runs the platform until stopped (SIGTERM or Ctrl-C stops it gracefully). */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the platform: ingest (MQTT, CoAP, HTTP), alerting, the HTTP API and the console.",
      "Without a configured database or broker, embedded ones are started (data in data-dir).",
      "Exit codes: 0 stopped, 2 invalid configuration, 1 failed to start."
    })
final class ServeCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PlatformConfig c = config.load(spec.commandLine().getErr());
    if (c == null) {
      return 2;
    }
    Platform platform;
    try {
      platform = Platform.start(c, Clock.systemUTC());
    } catch (Exception e) {
      spec.commandLine().getErr().println("anxin: cannot start: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  platform.close();
                  stopped.countDown();
                },
                "anxin-shutdown"));
    out.printf("Anxin is running. Console: %s%n", platform.consoleUrl());
    out.printf(
        "MQTT: %s   Metrics: %smetrics%n",
        platform.mqttUrl(), platform.consoleUrl().replace("console/", ""));
    out.println("API tokens for staff and the bureau: anxin token --help (docs/operations.md)");
    out.flush();
    stopped.await();
    return 0;
  }
}
