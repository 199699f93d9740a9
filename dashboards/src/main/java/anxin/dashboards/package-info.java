/**
 * The dashboards module: Grafana provisioning and dashboards as resources under {@code grafana/},
 * and the bureau's KPI views ({@link anxin.dashboards.Migrations}).
 */
package anxin.dashboards;
