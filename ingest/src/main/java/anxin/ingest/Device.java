package anxin.ingest;

import java.time.Duration;

/**
 * A provisioned device, as the ingest tier needs it. Never carries a resident's name: only the
 * resident's opaque id.
 *
 * @param id device id (wire contract syntax)
 * @param facility facility id
 * @param kind device kind, e.g. {@code panic_button}, {@code fall_sensor}
 * @param room room label, or null for a facility-level device such as an exit door
 * @param residentId the resident the device is worn by or installed for, or null
 * @param heartbeat heartbeat interval the device is configured with
 */
public record Device(
    String id, String facility, String kind, String room, String residentId, Duration heartbeat) {}
