package anxin.alerting.core;

import anxin.alerting.notify.ChannelSender;
import anxin.alerting.notify.Delivery;
import anxin.alerting.notify.OutgoingMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every channel at once: records each message handed to it and accepts it. */
final class Channels implements ChannelSender {

  final List<OutgoingMessage> sent = new CopyOnWriteArrayList<>();

  @Override
  public CompletableFuture<Delivery> send(OutgoingMessage message) {
    sent.add(message);
    return CompletableFuture.completedFuture(Delivery.delivered());
  }

  List<String> keys() {
    return sent.stream().map(OutgoingMessage::dedupKey).toList();
  }

  /** Keys of the messages for escalation step {@code step} of the alert. */
  List<String> step(String alertId, int step) {
    String prefix = alertId + "/" + step + "/";
    return keys().stream().filter(k -> k.startsWith(prefix)).toList();
  }
}
