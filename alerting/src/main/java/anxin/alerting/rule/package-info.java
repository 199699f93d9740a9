/**
 * The rule engine (DESIGN §4): {@link anxin.alerting.rule.RuleEngine} turns observations, gateway
 * statuses and clock ticks into {@link anxin.alerting.RuleAction}s. Pure and deterministic: no
 * threads, no I/O, no clock of its own; the same inputs at the same instants give the same actions.
 * Everything but the engine is package-private: per-device {@code seq} order ({@link
 * anxin.alerting.rule.SeqWindow}), per-device, per-resident and per-gateway state, the queue of due
 * times ({@link anxin.alerting.rule.TimerQueue}) and local-time windows ({@link
 * anxin.alerting.rule.LocalWindows}).
 */
package anxin.alerting.rule;
