/**
 * Vocabulary of the alerting core (DESIGN §4): what it receives ({@link
 * anxin.alerting.Observation}, {@link anxin.alerting.GatewayStatus}), what its rules emit ({@link
 * anxin.alerting.RuleAction}), the rules and severities ({@link anxin.alerting.RuleId}, {@link
 * anxin.alerting.Severity}) and their configuration as data ({@link anxin.alerting.FacilityRules},
 * {@link anxin.alerting.RuleSetting}, {@link anxin.alerting.CarePlan}).
 *
 * <p>Alerting never depends on the ingest tier: the platform adapts ingest's types to these.
 */
package anxin.alerting;
