-- The platform's reference data (DESIGN §6, §7; docs/operations.md): residents and their family
-- contacts, staff and their shifts, which rooms are in which zone, per-facility rule and
-- escalation settings, API tokens and the audit log. Ingest owns facility and device; alerting
-- owns alert, alert_timeline and notification_outbox. Own Flyway history: platform_schema_history.

CREATE TABLE resident (
  id           text PRIMARY KEY,
  facility_id  text NOT NULL REFERENCES facility (id),
  display_name text,              -- personal data: shown in the console to staff in scope only
  room         text,
  care         text NOT NULL DEFAULT '',  -- comma-separated: wandering_risk, lives_alone, fall_risk
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resident_facility_idx ON resident (facility_id);

CREATE TABLE family_contact (
  id                 text PRIMARY KEY,
  resident_id        text NOT NULL REFERENCES resident (id),
  phone              text NOT NULL,
  language           text,          -- zh-CN or en; null: the facility's default
  quiet_hours        text,          -- HH:MM-HH:MM, 'none', or null for the facility's default
  told_of_resolution boolean NOT NULL DEFAULT true,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX family_contact_resident_idx ON family_contact (resident_id);

CREATE TABLE staff (
  id           text PRIMARY KEY,
  facility_id  text NOT NULL REFERENCES facility (id),
  display_name text,
  roles        text NOT NULL,        -- comma-separated: caregiver, supervisor, manager
  zones        text NOT NULL DEFAULT '',
  phone        text,
  webhook      text,                 -- id of a configured webhook target (notify webhook.<id>.*)
  language     text,
  shifts       text NOT NULL DEFAULT '',  -- ';'-separated: HH:MM-HH:MM [mon,tue,...]
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX staff_facility_idx ON staff (facility_id);

CREATE TABLE room_zone (
  facility_id text NOT NULL REFERENCES facility (id),
  room        text NOT NULL,
  zone        text NOT NULL,
  PRIMARY KEY (facility_id, room)
);

-- Rule (rules.*) and escalation (escalation.*) settings of one facility, over the config file's
-- defaults; keys as in docs/alerting-rules.md and docs/alerting-escalation.md with the prefix.
CREATE TABLE facility_setting (
  facility_id text NOT NULL REFERENCES facility (id),
  key         text NOT NULL,
  value       text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (facility_id, key)
);

-- API bearer tokens, stored as the SHA-256 of the token; never the token.
CREATE TABLE api_token (
  token_sha256 text PRIMARY KEY,
  label        text NOT NULL,
  role         text NOT NULL CHECK (role IN ('caregiver', 'manager', 'bureau', 'admin')),
  staff_id     text,                 -- the staff member acting (acknowledge, resolve)
  facilities   text[] NOT NULL DEFAULT '{}',  -- caregiver, manager: facilities in scope
  region       text,                 -- bureau: a region (prefecture) ...
  county       text,                 -- ... or one county in it
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);

-- Every read of a resident's record and every change of configuration (issue 9).
CREATE TABLE audit_log (
  at      timestamptz NOT NULL DEFAULT now(),
  actor   text NOT NULL,
  action  text NOT NULL,
  target  text NOT NULL,
  detail  jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
