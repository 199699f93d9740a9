-- The bureau's KPIs (issue 7, docs/dashboards.md) as views and functions over ingest's tables
-- (facility, device, event) and alerting's (alert, alert_timeline). Migrated by Flyway from
-- classpath:db/dashboards with its own history table, dashboards_schema_history, after ingest's
-- and alerting's migrations. Plain PostgreSQL; see the end for TimescaleDB.
--
-- "As of" functions take the instant to judge state at (the dashboards pass $__timeTo()), so
-- that a panel over last month shows last month's state, and tests can check them on a simulated
-- month in the past.

-- One row per alert with what the KPIs need. Facility day is the local calendar day of opening
-- in the facility's zone. A P1 alert is "due" an answer unless the resident cancelled it before
-- anyone acknowledged it. An alert is "unanswered" when nobody acknowledged it and it either
-- ended without anyone (outcome auto_cleared or other) or is still unresolved more than
-- 10 minutes after it opened (judged against now()).
CREATE VIEW kpi_alert AS
SELECT a.id,
       a.facility_id,
       f.name AS facility_name,
       f.county,
       f.region,
       a.rule,
       a.severity,
       a.state,
       a.outcome,
       a.room,
       a.opened_at,
       a.acknowledged_at,
       a.acknowledged_by,
       a.resolved_at,
       (a.opened_at AT TIME ZONE f.zone)::date AS local_day,
       extract(epoch FROM a.acknowledged_at - a.opened_at)::double precision AS ack_s,
       (a.severity = 'P1'
          AND NOT (a.acknowledged_at IS NULL
                   AND a.outcome IS NOT DISTINCT FROM 'cancelled_by_resident')) AS p1_due,
       EXISTS (SELECT 1 FROM alert_timeline t
                WHERE t.alert_id = a.id
                  AND t.kind = 'notification'
                  AND t.detail -> 'intent' -> 'recipient' ->> 'kind' = 'FAMILY') AS family_escalated,
       (a.acknowledged_at IS NULL
          AND ((a.state = 'resolved' AND a.outcome IN ('auto_cleared', 'other'))
            OR (a.state <> 'resolved' AND a.opened_at < now() - INTERVAL '10 minutes'))) AS unanswered
  FROM alert a
  JOIN facility f ON f.id = a.facility_id;

-- Per facility and local day. Medians and p90s of a longer period cannot be combined from daily
-- ones: the period panels read kpi_alert; this view serves trends and the monthly report.
CREATE VIEW kpi_facility_day AS
SELECT facility_id,
       facility_name,
       county,
       region,
       local_day AS day,
       count(*) AS alerts,
       count(*) FILTER (WHERE severity = 'P1') AS p1_alerts,
       count(*) FILTER (WHERE p1_due) AS p1_due,
       count(*) FILTER (WHERE severity = 'P1' AND ack_s IS NOT NULL) AS p1_acknowledged,
       count(*) FILTER (WHERE p1_due AND ack_s <= 60) AS p1_ack_within_60s,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ack_s) FILTER (WHERE severity = 'P1')
         AS p1_ack_median_s,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY ack_s) FILTER (WHERE severity = 'P1')
         AS p1_ack_p90_s,
       count(*) FILTER (WHERE family_escalated) AS family_escalations,
       count(*) FILTER (WHERE unanswered AND severity IN ('P1', 'P2')) AS unanswered
  FROM kpi_alert
 GROUP BY facility_id, facility_name, county, region, local_day;

-- Alerts active (opened, not yet resolved) at as_of.
CREATE FUNCTION kpi_active_alerts(as_of timestamptz)
RETURNS TABLE (id text, facility_id text, rule text, severity text, subject text, room text,
               opened_at timestamptz, acknowledged_at timestamptz)
LANGUAGE sql STABLE AS $$
  SELECT a.id, a.facility_id, a.rule, a.severity, a.subject, a.room, a.opened_at,
         CASE WHEN a.acknowledged_at <= as_of THEN a.acknowledged_at END
    FROM alert a
   WHERE a.opened_at <= as_of AND (a.resolved_at IS NULL OR a.resolved_at > as_of)
$$;

-- Gateways offline at as_of: gateway_offline alerts active then (subject = gateway id).
CREATE FUNCTION kpi_gateways_offline(as_of timestamptz)
RETURNS TABLE (facility_id text, gateway text, since timestamptz)
LANGUAGE sql STABLE AS $$
  SELECT facility_id, subject, opened_at FROM kpi_active_alerts(as_of) WHERE rule = 'gateway_offline'
$$;

-- Every active device at as_of: its latest message and latest battery reading at or before it.
-- Online: a message within 3 x its heartbeat interval before as_of. Low battery: the latest
-- reading is 15 % or less (DESIGN §4).
CREATE FUNCTION kpi_device_status(as_of timestamptz)
RETURNS TABLE (device_id text, facility_id text, kind text, room text, heartbeat_s integer,
               last_seen timestamptz, battery integer, online boolean, low_battery boolean)
LANGUAGE sql STABLE AS $$
  SELECT d.id, d.facility_id, d.kind, d.room, d.heartbeat_s, l.received_at, b.bat::integer,
         coalesce(l.received_at >= as_of - make_interval(secs => 3 * d.heartbeat_s), false),
         coalesce(b.bat <= 15, false)
    FROM device d
    LEFT JOIN LATERAL (SELECT e.received_at FROM event e
                        WHERE e.device_id = d.id AND e.received_at <= as_of
                        ORDER BY e.received_at DESC LIMIT 1) l ON true
    LEFT JOIN LATERAL (SELECT e.bat FROM event e
                        WHERE e.device_id = d.id AND e.received_at <= as_of AND e.bat IS NOT NULL
                        ORDER BY e.received_at DESC LIMIT 1) b ON true
   WHERE d.active
$$;

-- TimescaleDB, where the extension is installed (ingest's migration created it): an hourly
-- continuous aggregate of events per device, for device panels over months. alert is an
-- ordinary table (rows are updated as alerts move on), which a continuous aggregate cannot read;
-- it stays small (thousands of rows a month) and the views above serve it. Every TimescaleDB
-- statement is dynamic SQL so that plain PostgreSQL never parses one. Not tested on machines
-- without TimescaleDB (docs/dashboards.md).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    EXECUTE $sql$CREATE MATERIALIZED VIEW kpi_device_hour
        WITH (timescaledb.continuous) AS
        SELECT time_bucket(INTERVAL '1 hour', received_at) AS hour, facility_id, device_id,
               count(*) AS messages, max(received_at) AS last_seen, min(bat) AS min_battery
          FROM event GROUP BY 1, 2, 3 WITH NO DATA$sql$;
    EXECUTE $sql$SELECT add_continuous_aggregate_policy('kpi_device_hour',
        start_offset => INTERVAL '3 days', end_offset => INTERVAL '1 hour',
        schedule_interval => INTERVAL '30 minutes')$sql$;
  END IF;
END
$$;
