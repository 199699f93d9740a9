package anxin.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link GatewayLoad} in a JVM of its own, driven over its standard input and output, so that the
 * platform under test has its process, heap and collector to itself, as it has in service (the
 * devices and gateways are other machines there). It holds its own {@link Fleet} with the same
 * devices ({@link Fleet#create} is deterministic), starting from their first sequence numbers.
 *
 * <p>Protocol, one line each way: {@code run <events/s> <nanos> <max batch> <flush nanos>} is
 * answered {@code result <events> <messages> <failed> <nanos> <window full>}; {@code quit} ends the
 * process. It prints {@code ready} once its gateways are connected, and {@code error <message>} for
 * a run that failed.
 */
final class LoadProcess implements Telemetry {

  private final Process process;
  private final String clientPrefix;
  private final BufferedReader from;
  private final BufferedWriter to;

  private LoadProcess(Process process, String clientPrefix) {
    this.process = process;
    this.clientPrefix = clientPrefix;
    this.from =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.to =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Starts the child with this JVM's {@code java} and class path and waits until its gateways are
   * connected; the arguments are {@link GatewayLoad#connect}'s, the fleet given by {@link
   * Fleet#create}'s.
   */
  static LoadProcess start(
      String serverUri,
      String clientPrefix,
      String facility,
      String devicePrefix,
      int devices,
      int gateways,
      int window)
      throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(System.getProperty("java.home") + "/bin/java");
    List<String> argv =
        new ArrayList<>(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                LoadProcess.class.getName(),
                serverUri,
                clientPrefix,
                facility,
                devicePrefix,
                Integer.toString(devices),
                Integer.toString(gateways),
                Integer.toString(window)));
    Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    LoadProcess load = new LoadProcess(p, clientPrefix);
    String line = load.from.readLine();
    if (!"ready".equals(line)) {
      load.close();
      throw new IOException("the load process did not start: " + line);
    }
    return load;
  }

  @Override
  public GatewayLoad.Result run(double rate, Duration duration, int maxBatch, Duration flush)
      throws IOException {
    to.write(
        "run " + rate + " " + duration.toNanos() + " " + maxBatch + " " + flush.toNanos() + "\n");
    to.flush();
    String line = from.readLine();
    if (line == null || !line.startsWith("result ")) {
      throw new IOException("the load process failed: " + line);
    }
    String[] f = line.split(" ");
    return new GatewayLoad.Result(
        Long.parseLong(f[1]),
        Long.parseLong(f[2]),
        Long.parseLong(f[3]),
        Long.parseLong(f[4]),
        Long.parseLong(f[5]));
  }

  /**
   * Only the thread of this process that waits for a run's result is named with it: the load's own
   * are in the child.
   */
  @Override
  public String threadNames() {
    return "load-process-" + clientPrefix;
  }

  /** None: the load's threads are in the child. */
  @Override
  public long threadCpuNanos() {
    return 0;
  }

  /** The child's CPU time, all of it. */
  @Override
  public long processCpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  @Override
  public void close() {
    try {
      to.write("quit\n");
      to.flush();
    } catch (IOException e) {
      // gone already
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The child: {@code server clientPrefix facility devicePrefix devices gateways window}. */
  public static void main(String[] args) throws Exception {
    // the protocol has standard output to itself: anything else printed goes to standard error
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    Fleet fleet = Fleet.create(args[2], args[3], Integer.parseInt(args[4]));
    try (GatewayLoad load =
        GatewayLoad.connect(
            args[0], args[1], fleet, Integer.parseInt(args[5]), Integer.parseInt(args[6]))) {
      out.println("ready");
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split(" ");
        if (f[0].equals("quit")) {
          break;
        }
        try {
          GatewayLoad.Result r =
              load.run(
                  Double.parseDouble(f[1]),
                  Duration.ofNanos(Long.parseLong(f[2])),
                  Integer.parseInt(f[3]),
                  Duration.ofNanos(Long.parseLong(f[4])));
          out.printf(
              "result %d %d %d %d %d%n",
              r.events(), r.messages(), r.failed(), r.nanos(), r.windowFull());
        } catch (RuntimeException e) {
          out.println("error " + e);
        }
      }
    }
    System.exit(0); // Paho's threads are not daemons
  }
}
