/**
 * JMH microbenchmarks of the pure cores: the rule engine over a care-home event mix, and the event
 * codecs. Run through {@code anxin-bench jmh} ({@link anxin.bench.jmh.JmhRun}); see
 * docs/benchmarks.md.
 */
package anxin.bench.jmh;
