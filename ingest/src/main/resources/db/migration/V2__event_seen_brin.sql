-- event_seen's time index serves only the hourly retention purge and the start-up read of recent
-- keys. Rows arrive in received_at order, so a BRIN index (a few pages for millions of rows)
-- serves both, and costs the writer next to nothing per row, where a B-tree cost a second index
-- insertion for every event (see docs/benchmarks.md).
DROP INDEX IF EXISTS event_seen_received_at_idx;
CREATE INDEX event_seen_received_at_brin ON event_seen USING brin (received_at);
