/**
 * The assembled platform: one process wiring ingest, alerting, storage, the HTTP API, the console
 * and health (DESIGN §2, §6); {@link anxin.platform.server.Platform} starts and stops it.
 */
package anxin.platform.server;
