package anxin.ingest;

import java.util.concurrent.CompletableFuture;

/**
 * The ingest pipeline that every transport feeds: decode, admit (registry, topic rules,
 * credentials), rate-limit, deduplicate, hand off to alerting at once, write durably.
 */
public interface Ingest {

  /**
   * Takes one message. Alarm events are handed to alerting before this returns; the future
   * completes when every accepted envelope is durable, or when {@code busy} says it is not in time.
   * Never completes exceptionally for bad input: that is a {@link Outcome.Status#REJECTED} outcome.
   */
  CompletableFuture<Receipt> submit(Submission submission);
}
