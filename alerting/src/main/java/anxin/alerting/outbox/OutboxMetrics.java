package anxin.alerting.outbox;

import anxin.alerting.notify.Channel;

/**
 * What the {@link OutboxDispatcher} reports, called on its thread after each answer is recorded;
 * implementations must be quick and must not throw. Tags come from {@link Channel}, never from a
 * recipient or an address.
 */
public interface OutboxMetrics {

  /** Reports nothing. */
  OutboxMetrics NOOP =
      new OutboxMetrics() {
        @Override
        public void delivered(Channel channel, long nanosSinceDue) {}

        @Override
        public void failed(Channel channel, boolean retryable) {}
      };

  /**
   * A message was delivered.
   *
   * @param nanosSinceDue from the row's {@code due} to the moment the delivery was recorded, in
   *     nanoseconds by the dispatcher's clock; includes the waits of earlier failed attempts; never
   *     negative
   */
  void delivered(Channel channel, long nanosSinceDue);

  /**
   * One attempt failed.
   *
   * @param retryable the channel said the failure was temporary; the row is retried unless it was
   *     the last attempt the retry policy allows
   */
  void failed(Channel channel, boolean retryable);
}
