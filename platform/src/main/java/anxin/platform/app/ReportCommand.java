package anxin.platform.app;

import anxin.platform.config.PlatformConfig;
import anxin.platform.report.HtmlReport;
import anxin.platform.report.JdbcReportSource;
import anxin.platform.report.MonthlyReport;
import anxin.platform.report.MonthlyReport.Scope;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes the bureau's monthly report as one self-contained HTML file (docs/dashboards.md). */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a month's KPIs (the Bureau overview dashboard's, from the same KPI views) per county",
      "and facility as one self-contained HTML file for bureau officers: tables, a daily trend",
      "chart, and how each figure is computed; no personal data, nothing fetched from the",
      "network. Exit codes: 0 written, 2 invalid (arguments, configuration, a month not yet",
      "begun, no facility in the region or county), 1 failed."
    })
final class ReportCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Option(
      names = "--month",
      required = true,
      paramLabel = "YYYY-MM",
      description = "The calendar month, taken in each facility's time zone")
  String month;

  @Option(names = "--region", paramLabel = "R", description = "Only this region, e.g. 文山州")
  String region;

  @Option(names = "--county", paramLabel = "X", description = "Only this county, e.g. 砚山县")
  String county;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE.html",
      description = "Where to write it; default anxin-report-<month>[-<region>][-<county>].html")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant now = Instant.now();
    YearMonth m;
    try {
      m = YearMonth.parse(month);
    } catch (DateTimeParseException e) {
      return fail(err, 2, "--month is YYYY-MM, e.g. 2025-10: " + month);
    }
    // The earliest zone on Earth (UTC+14) starts a month first: before then it has no data.
    if (m.atDay(1).atStartOfDay(ZoneOffset.ofHours(14)).toInstant().isAfter(now)) {
      return fail(err, 2, "month " + m + " has not begun");
    }
    PlatformConfig c = config.load(err);
    if (c == null) {
      return 2;
    }
    Scope scope = new Scope(blankToNull(region), blankToNull(county));
    try (DatabaseOption db = DatabaseOption.open(c)) {
      JdbcReportSource source = new JdbcReportSource(db.dataSource());
      Optional<MonthlyReport> report = source.load(m, scope, now);
      if (report.isEmpty()) {
        List<String> known = source.knownScopes();
        return fail(
            err,
            2,
            "no facility in "
                + describe(scope)
                + (known.isEmpty()
                    ? "; the database has no facilities yet"
                    : "; regions and counties with facilities: " + String.join("; ", known)));
      }
      Path file = out != null ? out : Path.of(defaultName(m, scope));
      Files.writeString(file, HtmlReport.render(report.get()), StandardCharsets.UTF_8);
      MonthlyReport r = report.get();
      stdout.printf(
          "Wrote %s: %s, %s, %d facilities, %d P1 alerts%n",
          file, r.scope().label(), m, r.facilities().size(), r.total().p1Alerts());
      stdout.flush();
      return 0;
    } catch (Exception e) {
      return fail(err, 1, "report failed: " + e.getMessage());
    }
  }

  private static String describe(Scope s) {
    if (s.region() != null && s.county() != null) {
      return "county '" + s.county() + "' of region '" + s.region() + "'";
    }
    if (s.county() != null) {
      return "county '" + s.county() + "'";
    }
    return s.region() != null ? "region '" + s.region() + "'" : "the database";
  }

  private static String defaultName(YearMonth m, Scope s) {
    StringBuilder name = new StringBuilder("anxin-report-").append(m);
    for (String part : new String[] {s.region(), s.county()}) {
      if (part != null) {
        name.append('-').append(part.replaceAll("[\\\\/:*?\"<>|\\s]+", "_"));
      }
    }
    return name.append(".html").toString();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static int fail(PrintWriter err, int code, String message) {
    err.println("anxin: " + message);
    err.flush();
    return code;
  }
}
