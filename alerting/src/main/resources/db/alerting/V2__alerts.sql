-- Alerts and their timelines (DESIGN §5, §7; docs/alerting-recovery.md). Written by the alerting
-- core's persister in the same transaction as the notifications they caused, so an alert's
-- timeline never shows a page the outbox does not hold, and the reverse.

-- One row per alert, its latest snapshot. Nothing is deleted.
CREATE TABLE alert (
  id               text        PRIMARY KEY,
  facility_id      text        NOT NULL,
  rule             text        NOT NULL,
  severity         text        NOT NULL CHECK (severity IN ('P1', 'P2', 'P3')),
  subject          text        NOT NULL,
  device_id        text,
  resident_id      text,
  room             text,
  state            text        NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
  outcome          text,
  trigger_count    integer     NOT NULL,
  opened_at        timestamptz NOT NULL,
  first_seen       timestamptz NOT NULL,
  last_seen        timestamptz NOT NULL,
  delayed_ms       bigint      NOT NULL DEFAULT 0,
  notes            jsonb       NOT NULL DEFAULT '[]',
  acknowledged_at  timestamptz,
  acknowledged_by  text,
  resolved_at      timestamptz,
  resolved_by      text,
  resolution_note  text,
  escalation_step  integer     NOT NULL DEFAULT 0,
  updated_at       timestamptz NOT NULL
);
-- Start-up loads the active alerts; the API lists a facility's alerts newest first.
CREATE INDEX alert_active_idx ON alert (state) WHERE state <> 'resolved';
CREATE INDEX alert_facility_opened_idx ON alert (facility_id, opened_at DESC);
CREATE INDEX alert_resolved_at_idx ON alert (resolved_at) WHERE resolved_at IS NOT NULL;

-- The timeline: entry n (0-based) of alert alert_id, append-only. kind is the entry's type
-- (opened, retriggered, escalated, notification, command, acknowledged, resolved, cleared) and
-- detail its fields as JSON. The time column leads no key so that, with TimescaleDB, the table can
-- be a hypertable on "at" (its unique index must include the time column: it does).
CREATE TABLE alert_timeline (
  alert_id  text        NOT NULL,
  n         integer     NOT NULL,
  at        timestamptz NOT NULL,
  actor     text        NOT NULL,
  kind      text        NOT NULL,
  detail    jsonb       NOT NULL,
  PRIMARY KEY (alert_id, n, at)
);
CREATE INDEX alert_timeline_at_idx ON alert_timeline (at DESC);

-- How far the alerting core got: every event received at or before processed_until has been
-- evaluated and everything it caused is committed here. Start-up replays later events live.
CREATE TABLE alerting_progress (
  id               integer     PRIMARY KEY CHECK (id = 1),
  processed_until  timestamptz NOT NULL
);

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    EXECUTE $sql$SELECT create_hypertable('alert_timeline', 'at',
        chunk_time_interval => INTERVAL '7 days', create_default_indexes => false)$sql$;
    EXECUTE $sql$ALTER TABLE alert_timeline SET (timescaledb.compress,
        timescaledb.compress_segmentby = 'alert_id', timescaledb.compress_orderby = 'at, n')$sql$;
    EXECUTE $sql$SELECT add_compression_policy('alert_timeline', compress_after => INTERVAL '30 days')$sql$;
  END IF;
END
$$;
