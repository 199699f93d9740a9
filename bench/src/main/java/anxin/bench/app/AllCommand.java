package anxin.bench.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code anxin-bench all [--quick]}: every benchmark in turn, each printing its own table, then one
 * summary of which met their targets (docs/benchmarks.md).
 */
@Command(
    name = "all",
    mixinStandardHelpOptions = true,
    description =
        "Every benchmark in turn (JMH, alert latency in process, storage and broker floors,"
            + " ingest end to end, the whole platform, CoAP; the gateway's when its -Ppi"
            + " distribution is built, full mode only), each printing its own table, then one"
            + " summary. --quick trims each part to fit about 3 minutes. Exit 0 when every part"
            + " met its targets.")
final class AllCommand implements Callable<Integer> {

  @Option(names = "--quick", description = "Every part in its shortest useful form.")
  boolean quick;

  @Option(
      names = "--jdbc",
      defaultValue = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
      description = "As for each part (default: ${DEFAULT-VALUE}).")
  String jdbc;

  @Option(
      names = "--mqtt",
      defaultValue = "tcp://127.0.0.1:1883",
      description = "As for each part (default: ${DEFAULT-VALUE}).")
  String mqtt;

  @Option(
      names = "--gateway-dist",
      defaultValue = "edge-gateway/target/anxin-gateway",
      description = "The gateway's -Ppi distribution (default: ${DEFAULT-VALUE}).")
  Path gatewayDist;

  /** The parts and their arguments, in the order they run. */
  List<String[]> parts() {
    String db = "--jdbc=" + jdbc;
    String broker = "--mqtt=" + mqtt;
    List<String[]> parts = new ArrayList<>();
    if (quick) {
      parts.add(new String[] {"jmh", "--quick"});
      parts.add(new String[] {"alert-latency", "--quick", "--warmup-seconds=3", "--seconds=7"});
      parts.add(
          new String[] {
            "ingest",
            "--quick",
            "--phases=storage,broker",
            "--rounds=1",
            "--broker-messages=30000",
            db,
            broker
          });
      parts.add(
          new String[] {
            "platform",
            "--quick",
            "--rates=10000,20000",
            "--step-seconds=5",
            "--phase-seconds=5",
            "--no-burst",
            db,
            broker
          });
      parts.add(new String[] {"coap", "--quick", "--seconds=4", "--latency-seconds=2", db});
      return parts;
    }
    parts.add(new String[] {"jmh"});
    parts.add(new String[] {"alert-latency"});
    parts.add(new String[] {"ingest", db, broker});
    parts.add(new String[] {"platform", db, broker});
    parts.add(new String[] {"coap", db});
    if (Files.isDirectory(gatewayDist)) {
      parts.add(new String[] {"gateway", "--dist=" + gatewayDist});
    } else {
      System.out.println(
          "all: gateway skipped, no distribution at "
              + gatewayDist
              + " (build it with ./mvnw -pl edge-gateway -am package -Ppi -DskipTests)");
    }
    return parts;
  }

  @Override
  public Integer call() {
    List<String[]> parts = parts();
    List<String> summary = new ArrayList<>();
    boolean allMet = true;
    long began = System.nanoTime();
    for (String[] args : parts) {
      System.out.println();
      System.out.println("######## anxin-bench " + String.join(" ", args));
      long start = System.nanoTime();
      int code = new CommandLine(new Main()).execute(args);
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      allMet &= code == 0;
      summary.add(
          String.format(
              "%-14s %-12s %5d s   anxin-bench %s",
              args[0],
              code == 0 ? "met" : code == 1 ? "MISSED" : "FAILED (" + code + ")",
              seconds,
              String.join(" ", args)));
    }
    System.out.println();
    System.out.printf(
        "== anxin-bench all%s: %d parts in %d s ==%n",
        quick ? " --quick" : "", parts.size(), (System.nanoTime() - began) / 1_000_000_000L);
    System.out.printf("%-14s %-12s %7s   %s%n", "part", "targets", "time", "command");
    summary.forEach(System.out::println);
    return allMet ? 0 : 1;
  }
}
