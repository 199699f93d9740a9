/**
 * Vocabulary of the alerting core (DESIGN §4): what it receives ({@link
 * anxin.alerting.Observation}, {@link anxin.alerting.GatewayStatus}), what its rules emit ({@link
 * anxin.alerting.RuleAction}), the rules and severities ({@link anxin.alerting.RuleId}, {@link
 * anxin.alerting.Severity}) and their configuration as data ({@link anxin.alerting.FacilityRules},
 * {@link anxin.alerting.RuleSetting}, {@link anxin.alerting.CarePlan}); and what the lifecycle and
 * escalation hand to the rest of the platform: alerts and their timelines ({@link
 * anxin.alerting.Alert}, {@link anxin.alerting.Timeline}), events for the console ({@link
 * anxin.alerting.AlertEvent}), notifications for the outbox ({@link
 * anxin.alerting.NotificationIntent}), device commands ({@link anxin.alerting.DeviceCommand}), and
 * answers to staff actions ({@link anxin.alerting.StaffActionResult}).
 *
 * <p>Alerting never depends on the ingest tier: the platform adapts ingest's types to these.
 */
package anxin.alerting;
