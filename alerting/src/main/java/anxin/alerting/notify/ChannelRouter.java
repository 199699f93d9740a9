package anxin.alerting.notify;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One {@link ChannelSender} for all channels: hands each message to the sender of its {@link
 * OutgoingMessage#channel()}. A channel without a sender fails the message, not retryable.
 */
public final class ChannelRouter implements ChannelSender {

  private final Map<Channel, ChannelSender> senders;

  /**
   * @param senders by channel; copied; closed with the router
   */
  public ChannelRouter(Map<Channel, ChannelSender> senders) {
    this.senders = senders.isEmpty() ? new EnumMap<>(Channel.class) : new EnumMap<>(senders);
  }

  @Override
  public CompletableFuture<Delivery> send(OutgoingMessage message) {
    ChannelSender sender = senders.get(message.channel());
    if (sender == null) {
      return CompletableFuture.completedFuture(
          Delivery.failed(false, "channel not configured: " + message.channel()));
    }
    return sender.send(message);
  }

  @Override
  public void close() {
    senders.values().forEach(ChannelSender::close);
  }
}
