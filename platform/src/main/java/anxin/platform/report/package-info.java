/**
 * The monthly report for bureau officers (issue 7 item 4, docs/dashboards.md "Monthly report"): the
 * Bureau overview dashboard's KPIs for one month, per county and facility, read from the KPI views
 * ({@link anxin.platform.report.JdbcReportSource}) and written as one self-contained HTML file
 * ({@link anxin.platform.report.HtmlReport}, charts as inline SVG by {@link
 * anxin.platform.report.Charts}): no script, stylesheet, font or image is fetched, so it opens on a
 * machine without internet. It carries no personal data: facility names and counts only.
 */
package anxin.platform.report;
