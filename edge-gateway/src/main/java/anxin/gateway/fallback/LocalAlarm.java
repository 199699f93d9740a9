package anxin.gateway.fallback;

import anxin.protocol.Event;
import java.time.Instant;

/**
 * One alarm the gateway raised itself.
 *
 * @param number the alarm log's number for it, increasing
 * @param event the {@code panic} or {@code fall} that caused it
 * @param raisedAt the gateway's clock when it was raised
 * @param uplinkDownMillis how long the uplink had been down then, ms
 */
public record LocalAlarm(long number, Event event, Instant raisedAt, long uplinkDownMillis) {}
