package anxin.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * This JVM's stop-the-world collections as they end (the collectors' JMX notifications): a phase
 * can then say how many pauses its probes could have met and how long they were, beside its
 * latencies. Counts the actions "end of minor GC" and "end of major GC" (G1's young, mixed and full
 * collections); concurrent cycles are not pauses and are left out. Durations have the collector's
 * resolution of 1 ms.
 */
final class GcPauses implements AutoCloseable {

  private final List<Long> millis = new ArrayList<>(); // guarded by this
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::handle;

  GcPauses() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
    }
  }

  /** How many pauses have ended so far: a mark for {@link #since}. */
  synchronized int mark() {
    return millis.size();
  }

  /** The pauses since a mark, e.g. "young-collection pauses 34: median 5 ms, longest 16 ms". */
  synchronized String since(int mark) {
    List<Long> pauses = new ArrayList<>(millis.subList(mark, millis.size()));
    if (pauses.isEmpty()) {
      return "no collection pauses";
    }
    pauses.sort(null);
    long total = pauses.stream().mapToLong(Long::longValue).sum();
    return String.format(
        Locale.ROOT,
        "collection pauses %d: median %d ms, longest %d ms, %,d ms in all",
        pauses.size(),
        pauses.get(pauses.size() / 2),
        pauses.get(pauses.size() - 1),
        total);
  }

  private void handle(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    String action = info.getGcAction();
    if (action.equals("end of minor GC") || action.equals("end of major GC")) {
      synchronized (this) {
        millis.add(info.getGcInfo().getDuration());
      }
    }
  }

  @Override
  public void close() {
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(listener);
      } catch (javax.management.ListenerNotFoundException ignored) {
        // already gone
      }
    }
  }
}
