package anxin.bench.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged gateway as a child process, started through its own launcher ({@code
 * bin/anxin-gateway}, which {@code exec}s java: so the pid is the JVM's) with the shipped JVM flags
 * unless {@code jvmFlags} replaces them. Its output goes to a log file; the line {@code gateway:
 * started} is its readiness.
 */
public final class GatewayProcess implements AutoCloseable {

  /** Heap of the Serial collector from {@code jcmd GC.heap_info}, in KiB. */
  record Heap(long usedKb, long committedKb, long metaspaceUsedKb) {}

  private static final Pattern GEN =
      Pattern.compile("(?:def new|tenured) generation\\s+total (\\d+)K, used (\\d+)K");
  private static final Pattern META = Pattern.compile("Metaspace\\s+used (\\d+)K");

  private final Process process;
  private final long startNanos;
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile long startedNanos;

  private GatewayProcess(Process process, long startNanos) {
    this.process = process;
    this.startNanos = startNanos;
  }

  /**
   * Starts the gateway of {@code dist} with {@code config}.
   *
   * @param cds the class-data sharing archive ({@code ANXIN_GATEWAY_CDS}); empty: none
   * @param jvmFlags replaces the launcher's JVM flags; null: the shipped ones
   */
  static GatewayProcess start(Path dist, Path config, String cds, String jvmFlags, Path log)
      throws IOException {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("ANXIN_GATEWAY_CDS", cds);
    if (jvmFlags != null) {
      env.put("ANXIN_GATEWAY_JVM_FLAGS", jvmFlags);
    }
    return start(
        List.of(dist.resolve("bin/anxin-gateway").toString(), "--config", config.toString()),
        env,
        log);
  }

  /**
   * Starts a gateway with {@code command} (a launcher or {@code java -cp ... Main}, ending with
   * {@code --config FILE}) and {@code env} added to this process's environment.
   */
  public static GatewayProcess start(List<String> command, Map<String, String> env, Path log)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    GatewayProcess g = new GatewayProcess(pb.start(), t0);
    Writer out =
        Files.newBufferedWriter(
            log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    Thread drain = new Thread(() -> g.drain(out), "gateway-output");
    drain.setDaemon(true);
    drain.start();
    return g;
  }

  private void drain(Writer out) {
    try (out;
        BufferedReader r =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (startedNanos == 0 && line.contains("gateway: started")) {
          startedNanos = System.nanoTime();
          started.countDown();
        }
        out.write(line);
        out.write('\n');
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  long pid() {
    return process.pid();
  }

  long startNanos() {
    return startNanos;
  }

  /** Waits for {@code gateway: started}; returns ms from process start, or -1 on timeout. */
  public double awaitStartedMillis(long timeoutSeconds) throws InterruptedException {
    if (!started.await(timeoutSeconds, TimeUnit.SECONDS)) {
      return -1;
    }
    return (startedNanos - startNanos) / 1e6;
  }

  /** VmRSS, VmHWM, RssAnon and RssFile (+ RssShmem) from /proc, in KiB. */
  long[] rssAndPeakKb() throws IOException {
    long[] v = {-1, -1, -1, 0};
    for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        v[0] = kb(line);
      } else if (line.startsWith("VmHWM:")) {
        v[1] = kb(line);
      } else if (line.startsWith("RssAnon:")) {
        v[2] = kb(line);
      } else if (line.startsWith("RssFile:") || line.startsWith("RssShmem:")) {
        v[3] += kb(line);
      }
    }
    return v;
  }

  private static long kb(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  Heap heap() throws IOException, InterruptedException {
    String out = jcmd("GC.heap_info");
    long used = 0;
    long committed = 0;
    Matcher m = GEN.matcher(out);
    while (m.find()) {
      committed += Long.parseLong(m.group(1));
      used += Long.parseLong(m.group(2));
    }
    Matcher meta = META.matcher(out);
    return new Heap(used, committed, meta.find() ? Long.parseLong(meta.group(1)) : -1);
  }

  void fullGc() throws IOException, InterruptedException {
    jcmd("GC.run");
  }

  String jcmd(String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(List.of("jcmd", Long.toString(pid()), command))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  /** SIGTERM (a clean stop, which also writes a CDS archive); waits up to 30 s, then kills. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return process.waitFor();
  }

  /** SIGKILL without waiting (for shutdown hooks). */
  public void destroy() {
    process.destroyForcibly();
  }

  /** SIGKILL, as a power cut would end it; waits until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }
}
