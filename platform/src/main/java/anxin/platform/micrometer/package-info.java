/**
 * Micrometer implementations of the metrics interfaces of the modules the platform wires: the
 * alerting core's page latency and the outbox's deliveries, failures and backlog.
 */
package anxin.platform.micrometer;
