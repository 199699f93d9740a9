/**
 * The persisted notification outbox (DESIGN §5, issue 4 item 4): every {@link
 * anxin.alerting.NotificationIntent} is written to PostgreSQL ({@link
 * anxin.alerting.outbox.JdbcOutbox}) before anything is sent, deduplicated by its key; an {@link
 * anxin.alerting.outbox.OutboxDispatcher} claims due rows, sends them through a {@link
 * anxin.alerting.notify.ChannelSender}, and records delivered, retry (per-channel exponential
 * backoff with jitter, {@link anxin.alerting.outbox.RetryPolicy}) or failed. {@link
 * anxin.alerting.outbox.IntentMapping} turns an intent into the channels' {@link
 * anxin.alerting.notify.OutgoingMessage}. The guarantees and their bounds are in {@code
 * docs/alerting-outbox.md}.
 */
package anxin.alerting.outbox;
