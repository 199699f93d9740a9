package anxin.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * CPU used over an interval, in cores (CPU seconds per second): this process; the load generator's
 * part of it (its own threads and Paho's threads of its clients); the broker and PostgreSQL (summed
 * over their processes from {@code /proc}, 100 ticks/s); and the whole machine from {@code
 * /proc/stat}. Processes that exit during the interval are missed (PostgreSQL backends are pooled,
 * so they stay).
 */
public final class CpuMeter {

  /** One reading. */
  public record Sample(
      long wall, long process, long generator, long broker, long postgres, long busy, long jit) {}

  /**
   * Usage between two samples, in cores; {@code jit} is the CPU of this JVM's JIT compiler threads
   * (part of {@code process}; a load process of its own has its compilers, not counted here).
   */
  public record Usage(
      double process,
      double generator,
      double broker,
      double postgres,
      double machine,
      double jit) {
    public double ingest() {
      return process - generator;
    }
  }

  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100 on Linux

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Predicate<String> generatorThreads;
  private final LongSupplier endedThreadsCpu;
  private final LongSupplier childProcessCpu;

  CpuMeter(LoadGenerator generator) {
    this(
        generator == null ? null : name -> name.contains(generator.clientPrefix()),
        generator == null ? () -> 0 : generator::threadCpuNanos,
        () -> 0);
  }

  /**
   * A meter whose generator part is the CPU time of the live threads whose names match {@code
   * generatorThreads} (sample before those threads end: a thread that is gone counts no more).
   */
  public CpuMeter(Predicate<String> generatorThreads) {
    this(generatorThreads, () -> 0, () -> 0);
  }

  /**
   * @param generatorThreads matches the names of the load generator's threads in this process (its
   *     own and its clients'), or null for none
   * @param endedThreadsCpu CPU time of the generator's threads that have ended
   * @param childProcessCpu CPU time of the part of the generator in a process of its own: it counts
   *     as the generator's and as part of the process's, so that "process minus generator" stays
   *     the platform's
   */
  CpuMeter(
      Predicate<String> generatorThreads,
      LongSupplier endedThreadsCpu,
      LongSupplier childProcessCpu) {
    this.generatorThreads = generatorThreads;
    this.endedThreadsCpu = endedThreadsCpu;
    this.childProcessCpu = childProcessCpu;
  }

  public Sample sample() {
    long child = childProcessCpu.getAsLong();
    long gen = endedThreadsCpu.getAsLong() + child;
    if (generatorThreads != null) {
      for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
        if (t != null && generatorThreads.test(t.getThreadName())) {
          long cpu = threads.getThreadCpuTime(t.getThreadId());
          gen += Math.max(0, cpu);
        }
      }
    }
    long[] procs = procTicks();
    return new Sample(
        System.nanoTime(),
        os.getProcessCpuTime() + child,
        gen,
        procs[0] * NANOS_PER_TICK,
        procs[1] * NANOS_PER_TICK,
        busyTicks() * NANOS_PER_TICK,
        compilerTicks() * NANOS_PER_TICK);
  }

  /**
   * utime + stime of this JVM's JIT compiler threads ({@code C1 CompilerThre}, {@code C2
   * CompilerThre} in {@code /proc/self/task}): their CPU, where the compilation time the JVM
   * reports is wall time, which a starved compiler thread inflates. Compiler threads that have
   * ended are not counted (the JVM ends idle ones).
   */
  private static long compilerTicks() {
    long sum = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(t.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          if (stat.substring(open + 1, close).contains("CompilerThre")) {
            String[] f = stat.substring(close + 2).split(" ");
            sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended
        }
      }
    } catch (IOException e) {
      // no /proc: report zero
    }
    return sum;
  }

  public static Usage between(Sample a, Sample b) {
    double wall = b.wall() - a.wall();
    return new Usage(
        (b.process() - a.process()) / wall,
        (b.generator() - a.generator()) / wall,
        (b.broker() - a.broker()) / wall,
        (b.postgres() - a.postgres()) / wall,
        (b.busy() - a.busy()) / wall,
        (b.jit() - a.jit()) / wall);
  }

  /** utime + stime of every mosquitto process, then of every postgres process. */
  private static long[] procTicks() {
    long[] sums = new long[2];
    try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
      dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(
              d -> {
                try {
                  String stat = Files.readString(d.resolve("stat"));
                  int open = stat.indexOf('(');
                  int close = stat.lastIndexOf(')');
                  String comm = stat.substring(open + 1, close);
                  int which = comm.equals("mosquitto") ? 0 : comm.startsWith("postgres") ? 1 : -1;
                  if (which >= 0) {
                    String[] f = stat.substring(close + 2).split(" ");
                    // after "pid (comm) ": state is f[0], utime is field 14 overall, f[11]
                    sums[which] += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                  }
                } catch (IOException | RuntimeException e) {
                  // the process went away, or is not ours to read
                }
              });
    } catch (IOException e) {
      // no /proc: report zero
    }
    return sums;
  }

  /** Non-idle ticks of all CPUs since boot (user nice system irq softirq steal). */
  private static long busyTicks() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = cpu.trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(f[i]);
        }
      }
      return busy;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
