package anxin.ingest.http;

import anxin.ingest.Ingest;
import anxin.ingest.Outcome;
import anxin.ingest.Receipt;
import anxin.ingest.Submission;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An {@link Ingest} that records every submission and answers as told: a fixed receipt (by default:
 * one envelope accepted), a future the test completes itself, one that never completes, or a
 * failure.
 */
final class FakeIngest implements Ingest {

  static final Duration WAIT = Duration.ofSeconds(20);

  private final BlockingQueue<Submission> submissions = new LinkedBlockingQueue<>();
  private final BlockingQueue<CompletableFuture<Receipt>> pending = new LinkedBlockingQueue<>();
  private volatile Function<Submission, CompletableFuture<Receipt>> behaviour;

  FakeIngest() {
    reset();
  }

  @Override
  public CompletableFuture<Receipt> submit(Submission submission) {
    submissions.add(submission);
    return behaviour.apply(submission);
  }

  /** Back to answering "one envelope accepted" and forgetting what was submitted. */
  void reset() {
    submissions.clear();
    pending.clear();
    answer(receipt(accepted(0)));
  }

  void answer(Receipt receipt) {
    behaviour = s -> CompletableFuture.completedFuture(receipt);
  }

  /** Hands out futures the test completes, from its own thread, via {@link #nextPending()}. */
  void answerLater() {
    behaviour =
        s -> {
          CompletableFuture<Receipt> f = new CompletableFuture<>();
          pending.add(f);
          return f;
        };
  }

  void neverAnswer() {
    behaviour = s -> new CompletableFuture<>();
  }

  void failWith(RuntimeException e) {
    behaviour = s -> CompletableFuture.failedFuture(e);
  }

  void throwOnSubmit(RuntimeException e) {
    behaviour =
        s -> {
          throw e;
        };
  }

  /** The next submission, waiting at most {@link #WAIT}. */
  Submission nextSubmission() throws InterruptedException {
    Submission s = submissions.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (s == null) {
      throw new AssertionError("no submission within " + WAIT);
    }
    return s;
  }

  CompletableFuture<Receipt> nextPending() throws InterruptedException {
    CompletableFuture<Receipt> f = pending.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (f == null) {
      throw new AssertionError("no submission within " + WAIT);
    }
    return f;
  }

  /** Submissions so far, without waiting. */
  List<Submission> submissions() {
    return List.copyOf(submissions);
  }

  static Receipt receipt(Outcome... outcomes) {
    return new Receipt(List.of(outcomes));
  }

  static Outcome accepted(int index) {
    return new Outcome(index, Outcome.Status.ACCEPTED, null, null);
  }

  static Outcome duplicate(int index) {
    return new Outcome(index, Outcome.Status.DUPLICATE, null, null);
  }

  static Outcome busy(int index) {
    return new Outcome(index, Outcome.Status.BUSY, null, null);
  }

  static Outcome rejected(int index, anxin.protocol.Reason reason, String detail) {
    return new Outcome(index, Outcome.Status.REJECTED, reason, detail);
  }
}
