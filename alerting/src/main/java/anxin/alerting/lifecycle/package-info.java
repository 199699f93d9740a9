/**
 * The alert lifecycle (DESIGN §5): {@link anxin.alerting.lifecycle.AlertBook} keeps every alert and
 * its append-only timeline, merges retriggers, applies rule clears and staff acknowledgement and
 * resolution; {@link anxin.alerting.lifecycle.AlertDesk} puts the book and the {@link
 * anxin.alerting.escalation.Escalator} together for the platform; {@link
 * anxin.alerting.lifecycle.UlidSource} gives sortable alert ids. Pure: no threads, no I/O, time
 * passed in.
 */
package anxin.alerting.lifecycle;
