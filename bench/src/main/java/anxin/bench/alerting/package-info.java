/**
 * The alerting core in process: a care-home event mix ({@link anxin.bench.alerting.CareHomeMix})
 * and the open-loop latency harness from an event to its pages handed to their channels ({@link
 * anxin.bench.alerting.AlertLatencyBench}); see docs/benchmarks.md.
 */
package anxin.bench.alerting;
