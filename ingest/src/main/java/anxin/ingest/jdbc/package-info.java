/**
 * Storage of the ingest tier in PostgreSQL (with TimescaleDB when present): {@link
 * anxin.ingest.jdbc.Database} (pool, migrations, TimescaleDB detection), {@link
 * anxin.ingest.jdbc.JdbcEventWriter} (batched, deduplicated, retried event writes), {@link
 * anxin.ingest.jdbc.JdbcDeviceRegistry} (devices cached in memory, refreshed on change) and {@link
 * anxin.ingest.jdbc.JdbcProvisioning} (writing devices and their credentials). The schema is in
 * {@code db/migration}; docs/ingest-storage.md explains it.
 */
package anxin.ingest.jdbc;
