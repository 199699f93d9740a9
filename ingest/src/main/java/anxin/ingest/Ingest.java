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

  /**
   * Takes only the events that page at once ({@code panic}, {@code fall}, {@code tamper}: {@link
   * anxin.protocol.EventType#pagesAtOnce}) of a message that will also be {@link #submit submitted}
   * in full later (an early copy, see {@code AlarmWatch}): each new, admitted one is handed to
   * alerting and written now, and the later submission finds it pending or durable and neither
   * hands it off again nor counts it twice. Other events, refusals and undecodable bytes are left
   * to the later submission, which counts them. Never throws for bad input.
   *
   * @return how many alarms were taken
   */
  default int takeAlarmsEarly(Submission earlyCopy) {
    return 0;
  }
}
