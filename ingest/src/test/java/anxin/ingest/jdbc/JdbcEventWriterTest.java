package anxin.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JdbcEventWriterTest {

  private final FailingDataSource unreachable = new FailingDataSource();
  private final RecordingWriterMetrics metrics = new RecordingWriterMetrics();

  @Test
  void write_databaseUnreachable_retriesAndKeepsTheWaitPending() {
    try (JdbcEventWriter writer = start(Duration.ofMillis(100))) {
      CompletableFuture<Void> done = writer.committed(writer.write(TestEvents.event(1, 1)));

      await().atMost(10, TimeUnit.SECONDS).until(() -> metrics.retries.get() >= 2);
      assertThat(done).isNotDone();
      assertThat(writer.backlog()).isEqualTo(1);
      assertThat(metrics.backlog.getAsInt()).isEqualTo(1);
    }
  }

  @Test
  void close_databaseUnreachable_failsPendingWaitsAfterTheTimeout() throws Exception {
    JdbcEventWriter writer = start(Duration.ofMillis(200));
    long first = writer.write(TestEvents.event(1, 1));
    long second = writer.write(TestEvents.event(1, 2));
    CompletableFuture<Void> a = writer.committed(first);
    CompletableFuture<Void> b = writer.committed(second);
    await().atMost(10, TimeUnit.SECONDS).until(() -> unreachable.attempts.get() >= 1);

    writer.close();

    CompletableFuture<Void> late = writer.committed(second); // asked after the close
    assertThat(second).isEqualTo(first + 1);
    for (CompletableFuture<Void> f : List.of(a, b, late)) {
      assertThat(f).isCompletedExceptionally();
      assertThatThrownBy(f::get)
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed before the event was committed");
    }
    assertThat(metrics.batches).isEmpty();
  }

  @Test
  void write_afterClose_failsFast() {
    JdbcEventWriter writer = start(Duration.ofMillis(100));
    writer.close();

    assertThatThrownBy(() -> writer.write(TestEvents.event(1, 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("event writer is closed");
    assertThat(writer.backlog()).isZero();
  }

  @Test
  void close_nothingQueued_returnsAtOnce() {
    JdbcEventWriter writer = start(Duration.ofSeconds(30));
    long start = System.nanoTime();

    writer.close();
    writer.close(); // idempotent

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  private JdbcEventWriter start(Duration closeTimeout) {
    return JdbcEventWriter.start(
        unreachable, WriterConfig.defaults().withCloseTimeout(closeTimeout), metrics);
  }
}
