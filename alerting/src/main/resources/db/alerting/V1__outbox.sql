-- The notification outbox (DESIGN §5, docs/alerting-outbox.md): every page and message is
-- written here before it is sent, and its delivery status is kept. Migrated by Flyway with its
-- own history table (alerting_schema_history), apart from ingest's migrations.
CREATE TABLE notification_outbox (
  dedup_key     text        PRIMARY KEY,
  alert_id      text        NOT NULL,
  facility      text        NOT NULL,
  channel       text        NOT NULL CHECK (channel IN ('console', 'webhook', 'sms')),
  recipient_id  text        NOT NULL,
  address       text        NOT NULL,
  language      text        NOT NULL,
  kind          text        NOT NULL,
  params        jsonb       NOT NULL,
  due           timestamptz NOT NULL,
  state         text        NOT NULL DEFAULT 'pending'
                            CHECK (state IN ('pending', 'sending', 'delivered', 'failed')),
  attempts      integer     NOT NULL DEFAULT 0,
  next_attempt  timestamptz NOT NULL,
  last_error    text,
  created_at    timestamptz NOT NULL,
  delivered_at  timestamptz
);

-- The dispatcher's claim: WHERE state = 'pending' AND next_attempt <= $now ORDER BY next_attempt.
CREATE INDEX notification_outbox_state_next_attempt ON notification_outbox (state, next_attempt);
