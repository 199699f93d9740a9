-- The gateway's journal reports how many events it evicted to stay within its disk quota (never
-- alarms; docs/gateway-journal.md): kept with its latest status, so the bureau can see a gateway
-- that lost telemetry during a long outage.
ALTER TABLE gateway_status ADD COLUMN evicted bigint CHECK (evicted IS NULL OR evicted >= 0);
