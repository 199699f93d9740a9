package anxin.ingest.pipeline;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link DedupWindow}'s ring of primitive keys against the map of key objects it replaced (kept
 * below as {@link LinkedWindow}): one new event's work (check, pending, durable) on a fleet whose
 * windows are full, round robin over the devices as a gateway's batches arrive. In the package of
 * the class it measures, which is package-private. Not part of {@code jmh}'s default set: {@code
 * jmh --include 'DedupWindowBench'}; {@code -prof gc} shows the bytes per event, and the setup
 * prints the heap each window holds once full (used heap after a full GC, before minus after
 * filling), which is what every young collection used to copy and promote.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DedupWindowBench {

  /** The two implementations behind one face. */
  interface Window {
    boolean isNew(String device, long seq, long tsKey);

    void pending(String device, long seq, long tsKey, long number);

    void durable(String device, long seq, long tsKey);
  }

  @Param({"ring", "linked"})
  public String impl;

  @Param({"1000"})
  public int devices;

  @Param({"1024"})
  public int perDevice;

  private Window window;
  private String[] ids;
  private long[] seqs;
  private int next;

  @Setup(Level.Trial)
  public void fill() {
    long before = usedAfterGc();
    window = impl.equals("ring") ? ring(perDevice) : new LinkedWindow(perDevice);
    ids = new String[devices];
    seqs = new long[devices];
    for (int d = 0; d < devices; d++) {
      ids[d] = "h1-r" + d + "-motion";
      for (int k = 0; k < perDevice; k++) {
        window.durable(ids[d], seqs[d]++, 1_700_000_000_000L + k);
      }
    }
    long held = usedAfterGc() - before;
    System.out.printf(
        "%n%s: %,d devices x %,d keys held %,d bytes, %.1f per key%n",
        impl, devices, perDevice, held, (double) held / ((long) devices * perDevice));
  }

  @Benchmark
  public boolean newEvent() {
    int d = next;
    next = d + 1 == devices ? 0 : d + 1;
    String id = ids[d];
    long seq = seqs[d]++;
    long ts = 1_700_000_000_000L + seq;
    boolean fresh = window.isNew(id, seq, ts);
    window.pending(id, seq, ts, seq + 1);
    window.durable(id, seq, ts);
    return fresh;
  }

  private static Window ring(int perDevice) {
    DedupWindow w = new DedupWindow(perDevice);
    return new Window() {
      @Override
      public boolean isNew(String device, long seq, long tsKey) {
        return w.check(device, seq, tsKey) instanceof DedupWindow.New;
      }

      @Override
      public void pending(String device, long seq, long tsKey, long number) {
        w.pending(device, seq, tsKey, number);
      }

      @Override
      public void durable(String device, long seq, long tsKey) {
        w.durable(device, seq, tsKey);
      }
    };
  }

  /** Used heap after full collections; BacklogFootprint measures with it too. */
  static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The window as it was until 2026-11-30: a LinkedHashMap of key objects per device. */
  static final class LinkedWindow implements Window {
    private record Key(long seq, long tsKey) {}

    private static final Object DURABLE = new Object();

    private final int perDevice;
    private final Map<String, LinkedHashMap<Key, Object>> devices = new HashMap<>();

    LinkedWindow(int perDevice) {
      this.perDevice = perDevice;
    }

    @Override
    public boolean isNew(String device, long seq, long tsKey) {
      LinkedHashMap<Key, Object> keys = devices.get(device);
      return keys == null || keys.get(new Key(seq, tsKey)) == null;
    }

    @Override
    public void pending(String device, long seq, long tsKey, long number) {
      put(device, new Key(seq, tsKey), new DedupWindow.Pending(number));
    }

    @Override
    public void durable(String device, long seq, long tsKey) {
      put(device, new Key(seq, tsKey), DURABLE);
    }

    private void put(String device, Key key, Object seen) {
      devices
          .computeIfAbsent(
              device,
              d ->
                  new LinkedHashMap<>(16, 0.75f, false) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Key, Object> eldest) {
                      return size() > perDevice
                          && !(eldest.getValue() instanceof DedupWindow.Pending);
                    }
                  })
          .put(key, seen);
    }
  }
}
