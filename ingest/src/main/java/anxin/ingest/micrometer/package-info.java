/** Micrometer implementations of the ingest tier's metrics interfaces. */
package anxin.ingest.micrometer;
