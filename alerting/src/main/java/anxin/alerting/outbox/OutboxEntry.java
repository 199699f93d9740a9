package anxin.alerting.outbox;

import java.time.Instant;

/**
 * The delivery status of one notification.
 *
 * @param dedupKey its key
 * @param state where it is
 * @param attempts sends started so far (a claim counts as one, even if the process then crashed)
 * @param nextAttempt when it is due next (meaningful while {@link OutboxState#PENDING})
 * @param lastError the last failure's reason, free of phone numbers; null when none
 * @param deliveredAt when the channel accepted it; null until {@link OutboxState#DELIVERED}
 */
public record OutboxEntry(
    String dedupKey,
    OutboxState state,
    int attempts,
    Instant nextAttempt,
    String lastError,
    Instant deliveredAt) {}
