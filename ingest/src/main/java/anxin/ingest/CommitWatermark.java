package anxin.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * How far a writer that commits in order has got: every write numbered up to {@link #value()} is
 * committed. Callers wait for a number, not for each write: one waiter per submission instead of a
 * future, a completion and a lambda per event (docs/benchmarks.md, "A durability watermark").
 *
 * <p>Waiters run once, on the thread that advances the mark or fails it, or at once on the thread
 * that registers them when the mark is already there. They must not block. Thread-safe.
 */
public final class CommitWatermark {

  private final PriorityQueue<Waiter> waiters = new PriorityQueue<>(); // guarded by this
  private long committed; // guarded by this
  private Throwable failure; // guarded by this; set once: nothing more will commit

  private record Waiter(long upTo, Consumer<Throwable> then) implements Comparable<Waiter> {
    @Override
    public int compareTo(Waiter o) {
      return Long.compare(upTo, o.upTo);
    }
  }

  /** The highest write number committed, with every one below it; 0 before the first commit. */
  public synchronized long value() {
    return committed;
  }

  /**
   * Calls {@code then} with {@code null} once every write up to {@code upTo} is committed, or with
   * the failure when the writer stopped before that.
   */
  public void whenCommitted(long upTo, Consumer<Throwable> then) {
    Objects.requireNonNull(then, "then");
    Throwable now;
    synchronized (this) {
      if (upTo > committed && failure == null) {
        waiters.add(new Waiter(upTo, then));
        return;
      }
      now = upTo <= committed ? null : failure;
    }
    then.accept(now);
  }

  /**
   * Every write up to {@code upTo} is committed: runs the waiters it releases, on this thread.
   *
   * @throws IllegalArgumentException when the mark would go back
   */
  public void advance(long upTo) {
    List<Waiter> due = new ArrayList<>();
    synchronized (this) {
      if (upTo < committed) {
        throw new IllegalArgumentException("watermark goes back: " + committed + " -> " + upTo);
      }
      committed = upTo;
      while (!waiters.isEmpty() && waiters.peek().upTo() <= upTo) {
        due.add(waiters.poll());
      }
    }
    due.forEach(w -> w.then().accept(null));
  }

  /**
   * Nothing past the mark will commit: fails every waiter waiting past it, now and later.
   *
   * @return how many waiters it failed
   */
  public int fail(Throwable cause) {
    Objects.requireNonNull(cause, "cause");
    List<Waiter> failed;
    synchronized (this) {
      if (failure == null) {
        failure = cause;
      }
      failed = new ArrayList<>(waiters);
      waiters.clear();
    }
    failed.forEach(w -> w.then().accept(cause));
    return failed.size();
  }
}
