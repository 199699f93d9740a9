package anxin.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CommitWatermarkTest {

  private final CommitWatermark mark = new CommitWatermark();
  private final List<String> ran = new ArrayList<>();

  private void waitFor(long upTo, String name) {
    mark.whenCommitted(upTo, failure -> ran.add(name + (failure == null ? "" : " failed")));
  }

  @Test
  void advance_runsTheWaitersItReaches_inTheOrderOfTheirNumbers_andNoOthers() {
    waitFor(5, "five");
    waitFor(2, "two");
    waitFor(9, "nine");
    waitFor(2, "two again");

    mark.advance(4);
    assertThat(ran).containsExactlyInAnyOrder("two", "two again");

    mark.advance(8);
    assertThat(ran).containsExactly("two", "two again", "five").hasSize(3);

    mark.advance(9);
    assertThat(ran).endsWith("nine").hasSize(4);
    assertThat(mark.value()).isEqualTo(9);
  }

  @Test
  void whenCommitted_alreadyReached_runsAtOnceOnThisThread() {
    mark.advance(3);
    Thread caller = Thread.currentThread();
    AtomicInteger onCaller = new AtomicInteger();

    mark.whenCommitted(3, failure -> onCaller.addAndGet(Thread.currentThread() == caller ? 1 : 0));
    mark.whenCommitted(0, failure -> onCaller.addAndGet(Thread.currentThread() == caller ? 1 : 0));

    assertThat(onCaller).hasValue(2);
  }

  @Test
  void advance_goingBack_isABug() {
    mark.advance(7);

    assertThatThrownBy(() -> mark.advance(6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("7 -> 6");
    assertThat(mark.value()).isEqualTo(7);
  }

  @Test
  void fail_failsWhatWaitsPastTheMark_nowAndLater_butNotWhatIsCommitted() {
    mark.advance(3);
    waitFor(4, "four");
    waitFor(6, "six");
    IllegalStateException stopped = new IllegalStateException("writer stopped");

    assertThat(mark.fail(stopped)).isEqualTo(2);
    waitFor(5, "five");
    waitFor(3, "three");

    assertThat(ran).containsExactly("four failed", "six failed", "five failed", "three");
  }

  @Test
  void manyThreadsWaiting_whileAnotherAdvances_everyWaiterRunsExactlyOnce() throws Exception {
    int threads = 4;
    int perThread = 20_000;
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch registered = new CountDownLatch(threads);
    List<Thread> waiters = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t;
      Thread w =
          new Thread(
              () -> {
                for (int i = 1; i <= perThread; i++) {
                  mark.whenCommitted((long) i * threads + offset, f -> runs.incrementAndGet());
                }
                registered.countDown();
              });
      waiters.add(w);
      w.start();
    }
    for (long n = 1; n <= (long) perThread * threads + threads; n++) {
      mark.advance(n); // races the registrations: some run at once, some on this thread
    }
    assertThat(registered.await(30, TimeUnit.SECONDS)).isTrue();
    for (Thread w : waiters) {
      w.join(TimeUnit.SECONDS.toMillis(30));
    }

    assertThat(runs).hasValue(threads * perThread);
  }
}
