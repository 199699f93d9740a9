/**
 * The HTTP ingest endpoint ({@code POST /api/v1/events}, DESIGN §3): device-token authentication,
 * the 64 KiB body limit, and the mapping of a {@link anxin.ingest.Receipt} to an HTTP status and a
 * JSON body. {@link anxin.ingest.http.HttpIngestRoutes} mounts it on a Vert.x Web router that the
 * platform shares with its other API routes; {@link anxin.ingest.http.HttpIngestServer} serves it
 * alone (tests, a standalone ingest node). The contract is documented in {@code
 * docs/ingest-http.md}.
 */
package anxin.ingest.http;
