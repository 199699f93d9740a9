package anxin.ingest.coap;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.ingest.Ingest;
import anxin.ingest.Receipt;
import anxin.ingest.Submission;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A fake pipeline: records every submission and answers as told (a receipt at once, a future the
 * test completes later or never, or an exception).
 */
final class RecordingIngest implements Ingest {

  private final BlockingQueue<Submission> submissions = new LinkedBlockingQueue<>();
  private final BlockingQueue<CompletableFuture<Receipt>> pending = new LinkedBlockingQueue<>();
  private volatile Function<Submission, CompletableFuture<Receipt>> answer =
      s -> CompletableFuture.completedFuture(Receipts.accepted());

  @Override
  public CompletableFuture<Receipt> submit(Submission submission) {
    submissions.add(submission);
    return answer.apply(submission);
  }

  /** Answers every submission with {@code receipt} at once. */
  RecordingIngest answering(Receipt receipt) {
    answer = s -> CompletableFuture.completedFuture(receipt);
    return this;
  }

  /**
   * Answers with futures that complete only when the test completes them ({@link #nextPending}).
   */
  RecordingIngest answeringLater() {
    answer =
        s -> {
          CompletableFuture<Receipt> f = new CompletableFuture<>();
          pending.add(f);
          return f;
        };
    return this;
  }

  /** Throws {@code e} from {@code submit}. */
  RecordingIngest throwing(RuntimeException e) {
    answer =
        s -> {
          throw e;
        };
    return this;
  }

  /** Answers with a future that fails with {@code e}. */
  RecordingIngest failing(Throwable e) {
    answer = s -> CompletableFuture.failedFuture(e);
    return this;
  }

  /** The next submission, waiting up to 10 s for it. */
  Submission next() throws InterruptedException {
    Submission s = submissions.poll(10, TimeUnit.SECONDS);
    assertThat(s).as("a submission within 10 s").isNotNull();
    return s;
  }

  /** The next future handed out by {@link #answeringLater()}, waiting up to 10 s for it. */
  CompletableFuture<Receipt> nextPending() throws InterruptedException {
    CompletableFuture<Receipt> f = pending.poll(10, TimeUnit.SECONDS);
    assertThat(f).as("a pending receipt within 10 s").isNotNull();
    return f;
  }

  /** The submissions not yet taken by {@link #next()}. */
  List<Submission> remaining() {
    return List.copyOf(submissions);
  }
}
