-- Dedup of events that carry a device clock by a unique index on event itself (plain PostgreSQL).
--
-- Until V3 every event's key (device_id, seq, ts_key) was inserted into event_seen, a second
-- table with its own B-tree, as well as the event into event: about 0.6x the rate of a raw COPY
-- into event (docs/benchmarks.md). An event with a clock has a key that never recurs for a new
-- event (a device that resets seq sends new ts), so event can hold that key itself: a partial
-- unique index on (device_id, seq, device_ts) where device_ts is set. event_seen keeps the keys of
-- clockless events only (and of clocks outside years 1..9999, stored as NULL device_ts), with
-- their 30-day retention (see docs/ingest-storage.md, "Deduplication").
--
-- Not on TimescaleDB: a hypertable's unique indexes must include its partitioning column
-- (received_at), which differs between a retransmission and its original. There, and wherever
-- ${clock_key} is 'false', every key stays in event_seen as before. The writer and the start-up
-- read of recent keys look for this index to know which way the schema went.
--
-- Rows stored before V3 cannot violate the index: their keys were unique in event_seen, and an
-- in-range device_ts is the ts_key they were stored under. Their keys in event_seen age out.
DO $$
BEGIN
  IF '${clock_key}' = 'true' THEN
    CREATE UNIQUE INDEX event_clock_key ON event (device_id, seq, device_ts)
      WHERE device_ts IS NOT NULL;
  END IF;
END
$$;
