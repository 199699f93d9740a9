/** The bench's command line: {@code java -jar anxin-bench.jar ingest [--quick]}. */
package anxin.bench.app;
