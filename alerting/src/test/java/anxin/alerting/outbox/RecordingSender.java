package anxin.alerting.outbox;

import anxin.alerting.notify.ChannelSender;
import anxin.alerting.notify.Delivery;
import anxin.alerting.notify.OutgoingMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Records every message it is given and answers as told (delivered by default). */
final class RecordingSender implements ChannelSender {

  private final List<OutgoingMessage> sent = new CopyOnWriteArrayList<>();
  private final Function<OutgoingMessage, CompletableFuture<Delivery>> answer;

  RecordingSender() {
    this(m -> CompletableFuture.completedFuture(Delivery.delivered()));
  }

  RecordingSender(Function<OutgoingMessage, CompletableFuture<Delivery>> answer) {
    this.answer = answer;
  }

  @Override
  public CompletableFuture<Delivery> send(OutgoingMessage message) {
    sent.add(message);
    return answer.apply(message);
  }

  List<String> keys() {
    return sent.stream().map(OutgoingMessage::dedupKey).toList();
  }

  long count(String key) {
    return sent.stream().filter(m -> m.dedupKey().equals(key)).count();
  }
}
