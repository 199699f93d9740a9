package anxin.protocol.sim;

import anxin.protocol.EventType;
import java.time.Instant;
import java.util.Map;

/**
 * One emission on a scenario's timeline, before the device's firmware gives it a {@code seq}.
 *
 * @param at when the device sends it
 * @param device the sending device
 * @param type event type
 * @param data event data, never null
 * @param drainTo battery percent the device drops to just before, or null
 * @param incident label of the incident it belongs to (e.g. {@code fall r012 02:13}), or null for
 *     routine traffic
 */
public record Planned(
    Instant at,
    SimulatedDevice device,
    EventType type,
    Map<String, Object> data,
    Double drainTo,
    String incident) {}
