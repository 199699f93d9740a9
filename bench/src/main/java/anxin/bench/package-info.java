/**
 * Benchmarks of the ingest tier against the real broker and database, each next to a raw floor
 * measured in the same run: binary COPY straight into {@code event} for the writer, plain Paho
 * publish→subscribe for the end-to-end path. See {@code docs/benchmarks.md}.
 */
package anxin.bench;
