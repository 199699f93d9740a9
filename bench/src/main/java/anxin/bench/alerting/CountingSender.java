package anxin.bench.alerting;

import anxin.alerting.notify.ChannelSender;
import anxin.alerting.notify.Delivery;
import anxin.alerting.notify.OutgoingMessage;
import java.util.concurrent.CompletableFuture;

/** Stands in for SMS and webhook senders: counts each message and answers delivered at once. */
final class CountingSender implements ChannelSender {

  private static final CompletableFuture<Delivery> DELIVERED =
      CompletableFuture.completedFuture(Delivery.delivered());

  private long sent;

  @Override
  public CompletableFuture<Delivery> send(OutgoingMessage message) {
    sent++;
    return DELIVERED;
  }

  long sent() {
    return sent;
  }
}
