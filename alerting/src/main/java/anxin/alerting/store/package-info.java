/**
 * Alerts and their timelines in PostgreSQL (tables {@code alert}, {@code alert_timeline}, {@code
 * alerting_progress}, migration {@code db/alerting/V2__alerts.sql}), written in one transaction
 * with the notifications they caused; read back on start to resume after a restart.
 */
package anxin.alerting.store;
