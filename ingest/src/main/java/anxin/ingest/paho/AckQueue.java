package anxin.ingest.paho;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

/**
 * Acknowledges QoS 1 messages in the order they arrived (MQTT 5 §4.6: PUBACKs are sent in the order
 * the PUBLISH packets were received), each only once its events are durable. A message whose
 * processing failed stays unacknowledged and blocks the ones behind it, so the broker redelivers
 * all of them on the next connection. A new connection starts a new generation: ids of the old one
 * are never acknowledged on the new one, where they may name other messages.
 */
final class AckQueue {

  private record Entry(int messageId, long generation, CompletableFuture<?> done) {}

  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  private final IntConsumer ack;
  private long generation;

  /**
   * @param ack sends the PUBACK for a message id (Paho's {@code messageArrivedComplete})
   */
  AckQueue(IntConsumer ack) {
    this.ack = ack;
  }

  /** A message arrived; {@code done} completes when it may be acknowledged. */
  void add(int messageId, CompletableFuture<?> done) {
    synchronized (this) {
      queue.addLast(new Entry(messageId, generation, done));
    }
    done.whenComplete((v, e) -> drain());
  }

  /** The connection was lost: forget what it delivered; the broker sends it again. */
  synchronized void newConnection() {
    generation++;
    queue.clear();
  }

  /** Messages received and not yet acknowledged. */
  synchronized int size() {
    return queue.size();
  }

  private void drain() {
    synchronized (this) {
      while (!queue.isEmpty()) {
        Entry head = queue.peekFirst();
        if (!head.done().isDone() || head.done().isCompletedExceptionally()) {
          return;
        }
        queue.removeFirst();
        if (head.generation() == generation) {
          ack.accept(head.messageId());
        }
      }
    }
  }
}
