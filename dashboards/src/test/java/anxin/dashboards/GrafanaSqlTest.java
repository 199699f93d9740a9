package anxin.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import anxin.dashboards.GrafanaSql.Context;
import anxin.dashboards.GrafanaSql.Variable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The expected strings are what Grafana's PostgreSQL data source (macros.go, sqleng, the SQL data
 * source's interpolateVariable) produces for the same input; see {@link GrafanaSql}.
 */
class GrafanaSqlTest {

  private static final Instant FROM = Instant.parse("2025-10-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2025-10-31T23:59:59.120Z");

  private static Context ctx(Map<String, Variable> vars) {
    return new Context(FROM, TO, Duration.ofHours(1), vars, false);
  }

  private static String expand(String sql) {
    return GrafanaSql.expand(sql, ctx(Map.of()));
  }

  @Test
  void timeFilter_isBetweenRfc3339NanoUtc_withTrailingZerosOfTheFractionDropped() {
    assertThat(expand("WHERE $__timeFilter(opened_at)"))
        .isEqualTo("WHERE opened_at BETWEEN '2025-10-01T00:00:00Z' AND '2025-10-31T23:59:59.12Z'");
  }

  @Test
  void timeFromAndTimeTo_areQuotedTimes() {
    assertThat(expand("$__timeFrom() .. $__timeTo()"))
        .isEqualTo("'2025-10-01T00:00:00Z' .. '2025-10-31T23:59:59.12Z'");
  }

  @Test
  void timeGroupAlias_isFloorOfEpochOverSeconds_asTime() {
    assertThat(expand("SELECT $__timeGroupAlias(opened_at, 1h), count(*)"))
        .isEqualTo("SELECT floor(extract(epoch from opened_at)/3600)*3600 AS \"time\", count(*)");
  }

  @Test
  void timeGroup_printsSecondsAsGoPrintsAFloat() {
    assertThat(expand("$__timeGroup(t, 1w)"))
        .isEqualTo("floor(extract(epoch from t)/604800)*604800");
    assertThat(expand("$__timeGroup(t, 30d)"))
        .isEqualTo("floor(extract(epoch from t)/2.592e+06)*2.592e+06");
    assertThat(expand("$__timeGroup(t, 500ms)")).isEqualTo("floor(extract(epoch from t)/0.5)*0.5");
    assertThat(expand("$__timeGroup(t, '5m', previous)"))
        .isEqualTo("floor(extract(epoch from t)/300)*300");
    assertThat(expand("$__timeGroup(t, 1h30m)"))
        .isEqualTo("floor(extract(epoch from t)/5400)*5400");
  }

  @Test
  void timeGroup_directlyFollowedByComma_namesTheColumnLikeBefore53() {
    assertThat(expand("SELECT $__timeGroup(t, 1h), count(*) GROUP BY $__timeGroup(t, 1h)"))
        .as("the first occurrence decides for both, as in macros.go")
        .isEqualTo(
            "SELECT floor(extract(epoch from t)/3600)*3600 AS \"time\", count(*) GROUP BY"
                + " floor(extract(epoch from t)/3600)*3600 AS \"time\"");
    assertThat(expand("ORDER BY $__timeGroup(t, 1h))"))
        .isEqualTo("ORDER BY floor(extract(epoch from t)/3600)*3600)");
  }

  @Test
  void timeGroup_withTimescaleDb_isTimeBucket() {
    Context c = new Context(FROM, TO, Duration.ofMinutes(5), Map.of(), true);
    assertThat(GrafanaSql.expand("$__timeGroupAlias(t, $__interval)", c))
        .isEqualTo("time_bucket('300.000s',t) AS \"time\"");
  }

  @Test
  void unixEpochFilter_andEpochFromTo_areSeconds() {
    assertThat(expand("$__unixEpochFilter(ts) $__unixEpochFrom() $__unixEpochTo()"))
        .isEqualTo("ts >= 1759276800 AND ts <= 1761955199 1759276800 1761955199");
  }

  @Test
  void interval_isTheLargestWholeUnit_andMillisecondsAsNumber() {
    Context c = new Context(FROM, TO, Duration.ofMinutes(90), Map.of(), false);
    assertThat(GrafanaSql.expand("$__interval ${__interval} $__interval_ms", c))
        .isEqualTo("1h 1h 5400000");
  }

  @Test
  void singleValueVariable_hasQuotesDoubled_butIsNotQuoted() {
    Context c = ctx(Map.of("facility", Variable.single("o'brien")));
    assertThat(GrafanaSql.expand("WHERE f = '$facility' OR f = '${facility}'", c))
        .isEqualTo("WHERE f = 'o''brien' OR f = 'o''brien'");
  }

  @Test
  void multiValueVariable_isAQuotedList_csvIsRaw_sqlstringIsQuoted() {
    Context c = ctx(Map.of("county", Variable.multi("A县", "B'x")));
    assertThat(GrafanaSql.expand("IN ($county) [${county:csv}] (${county:sqlstring})", c))
        .isEqualTo("IN ('A县','B''x') [A县,B'x] ('A县','B''x')");
  }

  @Test
  void unknownVariablesAndMacroNames_areLeftForTheNextStep() {
    assertThat(GrafanaSql.templateVariables("$nope ${nope} $__timeFilter(t)", ctx(Map.of())))
        .isEqualTo("$nope ${nope} $__timeFilter(t)");
  }

  @Test
  void unknownMacro_andCalendarIntervals_areRefused() {
    assertThatThrownBy(() -> expand("$__nope(x)")).hasMessageContaining("unknown macro");
    assertThatThrownBy(() -> expand("$__timeGroup(t, 1M)")).hasMessageContaining("current date");
    assertThatThrownBy(() -> expand("$__timeGroup(t)"))
        .hasMessageContaining("needs time column and interval");
  }

  @Test
  void goFloat_matchesGoPercentV() {
    assertThat(GrafanaSql.goFloat(86400)).isEqualTo("86400");
    assertThat(GrafanaSql.goFloat(100000)).isEqualTo("100000");
    assertThat(GrafanaSql.goFloat(1e6)).isEqualTo("1e+06");
    assertThat(GrafanaSql.goFloat(3.1536e7)).isEqualTo("3.1536e+07");
    assertThat(GrafanaSql.goFloat(0.0001)).isEqualTo("0.0001");
    assertThat(GrafanaSql.goFloat(0.00001)).isEqualTo("1e-05");
  }
}
