package anxin.alerting.rule;

import java.util.PriorityQueue;

/**
 * Due times of every timer, earliest first: a binary heap, so scheduling is O(log n), finding the
 * next due timer O(1), and a tick that fires k timers and meets s stale entries costs O((k + s) log
 * n) however many timers wait. Entries of disarmed timers are skipped when they come due, not
 * searched for; each timer has at most one entry per generation, so stale entries are bounded by
 * the number of arms and disarms within the longest rule window.
 */
final class TimerQueue {

  private record Entry(long due, long order, Timer timer, int generation)
      implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      int c = Long.compare(due, o.due);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }

  private final PriorityQueue<Entry> heap = new PriorityQueue<>();
  private long order;

  /** Queues the timer at its {@link Timer#due} for its current generation. */
  void schedule(Timer timer) {
    heap.add(new Entry(timer.due, order++, timer, timer.generation));
    timer.queued = true;
  }

  /**
   * Removes and returns the next timer due at or before {@code nowMillis} whose entry is current,
   * or null when none is due. Ties come out in scheduling order, so ticks are deterministic.
   */
  Timer pollDue(long nowMillis) {
    while (!heap.isEmpty() && heap.peek().due <= nowMillis) {
      Entry e = heap.poll();
      Timer t = e.timer;
      if (e.generation == t.generation && t.queued && e.due == t.due) {
        t.queued = false;
        return t;
      }
    }
    return null;
  }

  /** Entries in the heap, stale ones included. */
  int size() {
    return heap.size();
  }
}
