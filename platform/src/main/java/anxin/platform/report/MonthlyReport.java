package anxin.platform.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

/**
 * One month's KPIs for a region or county.
 *
 * @param month the calendar month, in each facility's own time zone
 * @param scope which facilities
 * @param generatedAt when the report was made
 * @param total every facility in scope together
 * @param counties one row per county, by name
 * @param facilities one row per facility, by county then name
 * @param days every day of the month, in order
 */
public record MonthlyReport(
    YearMonth month,
    Scope scope,
    Instant generatedAt,
    Kpis total,
    List<Row> counties,
    List<Row> facilities,
    List<Day> days) {

  /**
   * The facilities a report covers: a region, a county, or both; null means any.
   *
   * @param region the region (e.g. 文山州), or null
   * @param county the county, or null
   */
  public record Scope(String region, String county) {
    /** For people: "文山州", "文山州 砚山县", or "all facilities". */
    public String label() {
      if (region == null && county == null) {
        return "all facilities";
      }
      return region == null ? county : county == null ? region : region + " " + county;
    }
  }

  /**
   * A county's or a facility's KPIs.
   *
   * @param county the county; empty when the facility has none
   * @param facilityId the facility, or null for a county row
   * @param facilityName its name, or null for a county row
   * @param zone the facility's time zone; for a county, the zone its facilities share, or null
   * @param stateAsOf when the device and gateway state was taken: the end of the month in the
   *     facility's zone, or the report's time for the current month (the latest of its facilities
   *     for a county row)
   */
  public record Row(
      String county,
      String facilityId,
      String facilityName,
      ZoneId zone,
      Instant stateAsOf,
      Kpis kpis) {}

  /**
   * The Bureau overview's KPIs (docs/dashboards.md "Definitions").
   *
   * @param p1Alerts P1 alerts opened in the month
   * @param p1Due of them, due an answer (not cancelled by the resident before anyone acknowledged)
   * @param p1Within60s of those due, acknowledged within 60 s
   * @param p1AckMedianS median seconds to acknowledge over acknowledged P1 alerts; null when none
   * @param p1AckP90S 90th percentile of the same; null when none
   * @param familyEscalations alerts with a notification to a family member
   * @param unanswered P1 and P2 alerts nobody acknowledged (see the definition)
   * @param devices active devices at the end of the month
   * @param devicesOnline of them, online then
   * @param devicesLowBattery of them, with a last battery reading of 15 % or less
   * @param gatewaysOffline gateways offline then
   */
  public record Kpis(
      long p1Alerts,
      long p1Due,
      long p1Within60s,
      Double p1AckMedianS,
      Double p1AckP90S,
      long familyEscalations,
      long unanswered,
      long devices,
      long devicesOnline,
      long devicesLowBattery,
      long gatewaysOffline) {

    /** P1 acknowledged within 60 s over P1 due an answer, 0 to 1; null when none was due. */
    public Double p1Within60sShare() {
      return p1Due == 0 ? null : (double) p1Within60s / p1Due;
    }

    Kpis withState(long devices, long online, long lowBattery, long gateways) {
      return new Kpis(
          p1Alerts,
          p1Due,
          p1Within60s,
          p1AckMedianS,
          p1AckP90S,
          familyEscalations,
          unanswered,
          devices,
          online,
          lowBattery,
          gateways);
    }
  }

  /**
   * One day of the trend, summed over the facilities' own local days.
   *
   * @param day the facility-local calendar day
   * @param p1Alerts P1 alerts opened that day
   * @param p1Due of them, due an answer
   * @param p1Within60s of those, acknowledged within 60 s
   */
  public record Day(LocalDate day, long p1Alerts, long p1Due, long p1Within60s) {
    /** Null when no P1 alert was due that day. */
    public Double p1Within60sShare() {
      return p1Due == 0 ? null : (double) p1Within60s / p1Due;
    }
  }
}
