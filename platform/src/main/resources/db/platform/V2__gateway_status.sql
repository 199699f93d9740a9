-- The latest status of every gateway (DESIGN §3, docs/protocol.md §8): the retained message on
-- anxin/v1/{facility}/_gw/{gateway}/status, as the platform's MQTT link received it. One row per
-- gateway, upserted; version and queued keep their last reported values when a status (the
-- offline Last Will) omits them. Read by the Device health dashboard's "Gateway backlogs".
CREATE TABLE gateway_status (
  facility_id  text        NOT NULL REFERENCES facility (id) ON DELETE CASCADE,
  gateway_id   text        NOT NULL,
  state        text        NOT NULL CHECK (state IN ('online', 'offline')),
  version      text        CHECK (length(version) <= 64),
  queued       bigint      CHECK (queued BETWEEN 0 AND 1000000000),  -- events in its journal
  local_alarms jsonb,      -- alarms it raised on its own, until reported; null when none
  updated_at   timestamptz NOT NULL,                                  -- when the platform got it
  PRIMARY KEY (facility_id, gateway_id)
);
