-- Anxin storage, version 1: the device registry (facility, device) and the event history
-- (event, event_seen). See docs/ingest-storage.md for the design.
--
-- Placeholder ${timescale} is 'true' when the timescaledb extension is available and loadable
-- (in shared_preload_libraries); the Java side (anxin.ingest.jdbc.Database) decides it. The rest
-- of this script is plain PostgreSQL and runs the same everywhere.

CREATE TABLE facility (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  county     text,
  region     text,
  zone       text NOT NULL DEFAULT 'Asia/Shanghai',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE device (
  id           text PRIMARY KEY,
  facility_id  text NOT NULL REFERENCES facility (id),
  kind         text NOT NULL,
  room         text,
  resident_id  text,
  heartbeat_s  integer NOT NULL DEFAULT 300 CHECK (heartbeat_s > 0),
  token_sha256 text UNIQUE,  -- lower-case hex SHA-256 of the HTTP bearer token; never the token
  psk_enc      bytea,        -- DTLS PSK, AES-256-GCM: 12-byte nonce || ciphertext || 16-byte tag
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX device_facility_id_idx ON device (facility_id);

-- One row per stored event. No unique constraint: duplicates are kept out by event_seen, and a
-- hypertable's unique index would have to include the time column anyway. No CHECK constraints
-- either: a row the writer cannot insert would block its batch (it retries until commit).
CREATE TABLE event (
  received_at timestamptz NOT NULL,
  device_id   text NOT NULL,
  seq         bigint NOT NULL,
  device_ts   timestamptz,
  facility_id text NOT NULL,
  type        text NOT NULL,
  bat         smallint,
  rssi        integer,
  data        jsonb,
  transport   text NOT NULL
);
CREATE INDEX event_received_at_idx ON event (received_at DESC);
CREATE INDEX event_facility_received_at_idx ON event (facility_id, received_at DESC);
CREATE INDEX event_device_received_at_idx ON event (device_id, received_at DESC);

-- The durable dedup key of every stored event. ts_key is the device clock in epoch ms, or -1 when
-- the event carried none: a retransmission is byte-identical (same ts), while a device that reset
-- its seq but has a clock sends new ts values and is not mistaken for a duplicate.
CREATE TABLE event_seen (
  device_id   text NOT NULL,
  seq         bigint NOT NULL,
  ts_key      bigint NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (device_id, seq, ts_key)
);
CREATE INDEX event_seen_received_at_idx ON event_seen (received_at);

-- TimescaleDB: events in a hypertable, compressed after 7 days, dropped after 730 days. Every
-- TimescaleDB statement is dynamic SQL so that plain PostgreSQL never parses or plans one.
DO $$
BEGIN
  IF '${timescale}' = 'true' THEN
    EXECUTE 'CREATE EXTENSION IF NOT EXISTS timescaledb';
    EXECUTE $sql$SELECT create_hypertable('event', 'received_at',
        chunk_time_interval => INTERVAL '1 day', create_default_indexes => false)$sql$;
    EXECUTE $sql$ALTER TABLE event SET (timescaledb.compress,
        timescaledb.compress_segmentby = 'facility_id',
        timescaledb.compress_orderby = 'received_at DESC')$sql$;
    EXECUTE $sql$SELECT add_compression_policy('event', compress_after => INTERVAL '7 days')$sql$;
    EXECUTE $sql$SELECT add_retention_policy('event', drop_after => INTERVAL '730 days')$sql$;
  END IF;
END
$$;

-- Registry caches (JdbcDeviceRegistry) LISTEN on anxin_registry and reload on any change.
-- Statement-level, so a bulk import sends one notification per statement, not one per row;
-- PostgreSQL also folds identical notifications of one transaction into one.
CREATE FUNCTION anxin_notify_registry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('anxin_registry', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE FUNCTION anxin_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

CREATE TRIGGER facility_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON facility
  FOR EACH STATEMENT EXECUTE FUNCTION anxin_notify_registry();
CREATE TRIGGER device_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON device
  FOR EACH STATEMENT EXECUTE FUNCTION anxin_notify_registry();
CREATE TRIGGER facility_touch BEFORE UPDATE ON facility
  FOR EACH ROW EXECUTE FUNCTION anxin_touch_updated_at();
CREATE TRIGGER device_touch BEFORE UPDATE ON device
  FOR EACH ROW EXECUTE FUNCTION anxin_touch_updated_at();
