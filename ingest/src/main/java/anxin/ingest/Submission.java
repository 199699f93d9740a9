package anxin.ingest;

import java.time.Instant;

/**
 * One message as received by a transport, before decoding.
 *
 * @param transport how it arrived
 * @param sender who sent it, as far as the transport knows
 * @param payload the raw bytes
 * @param receivedAt wall-clock receive time (for latency measured against a device's or publisher's
 *     clock)
 * @param receivedNanos {@link System#nanoTime()} at receipt, for in-process latency
 */
public record Submission(
    Transport transport, Sender sender, byte[] payload, Instant receivedAt, long receivedNanos) {}
