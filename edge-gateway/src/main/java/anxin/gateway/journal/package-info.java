/**
 * The gateway's crash-safe journal: segmented append-only files of CRC32C-framed records, a compact
 * index in primitive arrays, eviction by priority under a disk quota. Format and fault behaviour:
 * docs/gateway-journal.md.
 */
package anxin.gateway.journal;
