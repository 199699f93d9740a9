package anxin.alerting.notify;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Bounds asynchronous sends: at most {@code maxInFlight} run at once, at most {@code maxQueued}
 * wait, and beyond that a send is refused at once instead of blocking its caller. Used by the
 * HTTP-based channel adapters; thread-safe.
 */
public final class SendLimiter {

  private final int maxInFlight;
  private final int maxQueued;
  private final Queue<Runnable> waiting = new ArrayDeque<>();
  private int inFlight;

  /**
   * @param maxInFlight ≥ 1
   * @param maxQueued ≥ 0
   */
  public SendLimiter(int maxInFlight, int maxQueued) {
    if (maxInFlight < 1 || maxQueued < 0) {
      throw new IllegalArgumentException(
          "bad limits: maxInFlight=" + maxInFlight + ", maxQueued=" + maxQueued);
    }
    this.maxInFlight = maxInFlight;
    this.maxQueued = maxQueued;
  }

  /**
   * Starts {@code task} now or when a slot frees.
   *
   * @param task starts one send; must not block
   * @param whenFull the result when both the slots and the queue are full
   * @return the task's result; a task that throws completes it exceptionally
   */
  public <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> task, T whenFull) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable start =
        () -> {
          CompletableFuture<T> f;
          try {
            f = task.get();
          } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
          }
          f.whenComplete(
              (v, e) -> {
                release();
                if (e != null) {
                  result.completeExceptionally(e);
                } else {
                  result.complete(v);
                }
              });
        };
    boolean runNow;
    synchronized (this) {
      if (inFlight < maxInFlight) {
        inFlight++;
        runNow = true;
      } else if (waiting.size() < maxQueued) {
        waiting.add(start);
        runNow = false;
      } else {
        return CompletableFuture.completedFuture(whenFull);
      }
    }
    if (runNow) {
      start.run();
    }
    return result;
  }

  /** Sends running now. */
  public synchronized int inFlight() {
    return inFlight;
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        inFlight--;
        return;
      }
    }
    next.run();
  }
}
