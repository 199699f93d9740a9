/**
 * Escalation (DESIGN §5): per-facility policies as data ({@link
 * anxin.alerting.escalation.FacilityEscalation}, {@link
 * anxin.alerting.escalation.EscalationPolicy}, the P3 daily digest's {@link
 * anxin.alerting.escalation.DigestPolicy}, defaults in {@link
 * anxin.alerting.escalation.EscalationSetting}), rosters with shifts and zones ({@link
 * anxin.alerting.escalation.Roster}), family contacts with language and quiet hours ({@link
 * anxin.alerting.escalation.FamilyContact}), and the {@link anxin.alerting.escalation.Escalator}
 * that turns open alerts and clock ticks into {@link anxin.alerting.NotificationIntent}s and {@link
 * anxin.alerting.DeviceCommand}s. Pure: no threads, no I/O, time passed in. Depends only on the
 * vocabulary in {@code anxin.alerting}; the lifecycle package depends on it, not the other way.
 */
package anxin.alerting.escalation;
