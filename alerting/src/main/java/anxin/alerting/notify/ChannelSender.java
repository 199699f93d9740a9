package anxin.alerting.notify;

import java.util.concurrent.CompletableFuture;

/**
 * Sends messages on one channel. Implementations never block the caller's thread, bound how many
 * sends run at once, give every send a timeout, and complete the future normally: a failure is a
 * {@link Delivery.Failed}, not an exceptional completion. They log no phone number (only masked,
 * see {@link Privacy#maskPhone}) and no message text above DEBUG.
 */
public interface ChannelSender extends AutoCloseable {

  /**
   * Sends one message.
   *
   * @param message not null
   * @return completes, always normally, when the next hop answered or the send timed out
   */
  CompletableFuture<Delivery> send(OutgoingMessage message);

  /** Stops background work (sessions, threads); pending sends complete as failed. */
  @Override
  default void close() {}
}
