package anxin.dashboards;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Expands a panel's SQL the way Grafana does before PostgreSQL sees it, in Grafana's three steps:
 *
 * <ol>
 *   <li>template variables, in the browser: {@code TemplateSrv.replace} with the SQL data source's
 *       {@code interpolateVariable} (grafana/grafana {@code
 *       packages/grafana-sql/src/datasource/SqlDatasource.ts}): with no format, a single-value
 *       variable's value has its quotes doubled and is not quoted; a multi-value or include-All
 *       variable's values are each quoted ({@code quoteLiteral}: {@code 'v'} with {@code ''}) and
 *       joined by {@code ,}. {@code ${v:csv}} joins the raw values by {@code ,}; {@code
 *       ${v:sqlstring}} quotes each value and joins by {@code ,} ({@code formatRegistry.ts}). The
 *       variable regex is Grafana's {@code variableRegex} ({@code $name}, {@code ${name}}, {@code
 *       ${name:format}}, {@code [[name]]}); unknown names are left as they are. {@code
 *       $__interval}, {@code $__interval_ms}, {@code $__from}, {@code $__to} are the built-in
 *       scoped variables;
 *   <li>in the server, {@code sqleng}'s {@code Interpolate}: {@code $__interval_ms}, {@code
 *       $__interval}, {@code $__unixEpochFrom()}, {@code $__unixEpochTo()};
 *   <li>the PostgreSQL macro engine ({@code pkg/tsdb/grafana-postgresql-datasource/macros.go}):
 *       regex {@code \$([_a-zA-Z0-9]+)\(([^\)]*)\)}, arguments split on {@code ,} and trimmed of
 *       spaces only; {@code $__timeFilter(c)} = {@code c BETWEEN 'from' AND 'to'} with RFC 3339 UTC
 *       times and Go's RFC3339Nano fraction (trailing zeros dropped); {@code $__timeFrom()}, {@code
 *       $__timeTo()} the quoted times; {@code $__timeGroup(c, i)} = {@code floor(extract(epoch from
 *       c)/s)*s} with {@code s} the interval's seconds as Go's {@code %v} prints a float64 ({@code
 *       time_bucket('s.sssS',c)} when the data source has TimescaleDB on); {@code $__timeGroup}
 *       directly followed by {@code ,} becomes {@code $__timeGroupAlias}, which appends {@code AS
 *       "time"}; {@code $__unixEpochFilter(c)} = {@code c >= fromSec AND c <= toSec}; {@code
 *       $__time(c)} and {@code $__timeEpoch(c)}. Intervals are parsed like {@code
 *       gtime.ParseInterval}, except months and years, which Grafana measures from the current date
 *       and which are refused here.
 * </ol>
 *
 * <p>Fill modes (a third argument of {@code $__timeGroup}) change how Grafana fills the result, not
 * the SQL; they are accepted and ignored.
 */
final class GrafanaSql {

  /**
   * A template variable's current value.
   *
   * @param values the selected values (all options when "All" is selected and there is no custom
   *     all value)
   * @param multiOrAll whether the variable is multi-value or has "Include All"
   */
  record Variable(List<String> values, boolean multiOrAll) {
    Variable {
      values = List.copyOf(values);
    }

    static Variable single(String value) {
      return new Variable(List.of(value), false);
    }

    static Variable multi(String... values) {
      return new Variable(List.of(values), true);
    }
  }

  /**
   * What a panel query is run with.
   *
   * @param from start of the dashboard's time range
   * @param to end of the dashboard's time range
   * @param interval the panel's {@code $__interval}
   * @param variables template variables by name
   * @param timescaledb the data source's TimescaleDB option
   */
  record Context(
      Instant from,
      Instant to,
      Duration interval,
      Map<String, Variable> variables,
      boolean timescaledb) {
    Context {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(interval, "interval");
      variables = Map.copyOf(variables);
    }
  }

  /** Grafana's variableRegex (public/app/features/variables/utils.ts). */
  private static final Pattern VARIABLE =
      Pattern.compile(
          "\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?\\]\\]|\\$\\{(\\w+)(?:\\.([^:^\\}]+))?(?::([^\\}]+))?\\}");

  /** macros.go: sExpr. */
  private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^\\)]*)\\)");

  private static final Pattern GO_DURATION_PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
  private static final Pattern PERIOD = Pattern.compile("^(\\d+)([wdMy])$");

  private GrafanaSql() {}

  /** The SQL PostgreSQL receives for {@code sql} run with {@code ctx}. */
  static String expand(String sql, Context ctx) {
    String s = templateVariables(sql, ctx);
    s = s.replace("$__interval_ms", Long.toString(ctx.interval().toMillis()));
    s = s.replace("$__interval", formatInterval(ctx.interval()));
    s = s.replace("$__unixEpochFrom()", Long.toString(ctx.from().getEpochSecond()));
    s = s.replace("$__unixEpochTo()", Long.toString(ctx.to().getEpochSecond()));
    return macros(s, ctx);
  }

  static String templateVariables(String sql, Context ctx) {
    Matcher m = VARIABLE.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = firstNonNull(m.group(1), m.group(2), m.group(4));
      String format = firstNonNull(m.group(3), m.group(6));
      String value = variable(name, format, ctx);
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String variable(String name, String format, Context ctx) {
    switch (name) {
      case "__interval":
        return formatInterval(ctx.interval());
      case "__interval_ms":
        return Long.toString(ctx.interval().toMillis());
      case "__from":
        return Long.toString(ctx.from().toEpochMilli());
      case "__to":
        return Long.toString(ctx.to().toEpochMilli());
      default:
        break;
    }
    Variable v = ctx.variables().get(name);
    if (v == null) {
      return null;
    }
    if (format == null) {
      if (v.multiOrAll()) {
        return v.values().stream().map(GrafanaSql::quoteLiteral).collect(Collectors.joining(","));
      }
      return v.values().get(0).replace("'", "''");
    }
    return switch (format) {
      case "csv" -> String.join(",", v.values());
      case "sqlstring" ->
          v.values().stream().map(GrafanaSql::quoteLiteral).collect(Collectors.joining(","));
      case "raw" -> String.join(",", v.values());
      default -> throw new IllegalArgumentException("unsupported variable format: " + format);
    };
  }

  private static String quoteLiteral(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  static String macros(String sql, Context ctx) {
    Matcher m = MACRO.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      if (name.equals("__timeGroup")) {
        // macros.go: the first occurrence of the same text, followed directly by ',', is the
        // pre-5.3 use that also named the column.
        int index = sql.indexOf(m.group());
        if (index >= 0) {
          index += m.group().length();
          if (sql.length() > index && sql.charAt(index) == ',') {
            name = "__timeGroupAlias";
          }
        }
      }
      List<String> args = new ArrayList<>();
      for (String a : m.group(2).split(",", -1)) {
        args.add(trimSpaces(a));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(macro(name, args, ctx)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String macro(String name, List<String> args, Context ctx) {
    switch (name) {
      case "__time":
        return requireColumn(name, args) + " AS \"time\"";
      case "__timeEpoch":
        return "extract(epoch from " + requireColumn(name, args) + ") as \"time\"";
      case "__timeFilter":
        String c = requireColumn(name, args);
        return c + " BETWEEN '" + rfc3339Nano(ctx.from()) + "' AND '" + rfc3339Nano(ctx.to()) + "'";
      case "__timeFrom":
        return "'" + rfc3339Nano(ctx.from()) + "'";
      case "__timeTo":
        return "'" + rfc3339Nano(ctx.to()) + "'";
      case "__timeGroup":
        if (args.size() < 2) {
          throw new IllegalArgumentException(
              "macro " + name + " needs time column and interval and optional fill value");
        }
        double seconds = parseInterval(stripQuotes(args.get(1))).toNanos() / 1e9;
        if (ctx.timescaledb()) {
          return String.format(Locale.ROOT, "time_bucket('%.3fs',%s)", seconds, args.get(0));
        }
        String s = goFloat(seconds);
        return "floor(extract(epoch from " + args.get(0) + ")/" + s + ")*" + s;
      case "__timeGroupAlias":
        return macro("__timeGroup", args, ctx) + " AS \"time\"";
      case "__unixEpochFilter":
        String e = requireColumn(name, args);
        return e
            + " >= "
            + ctx.from().getEpochSecond()
            + " AND "
            + e
            + " <= "
            + ctx.to().getEpochSecond();
      default:
        throw new IllegalArgumentException("unknown macro \"" + name + "\"");
    }
  }

  private static String requireColumn(String name, List<String> args) {
    // Go's strings.Split never returns an empty slice: an empty argument list is [""].
    if (args.isEmpty()) {
      throw new IllegalArgumentException("missing time column argument for macro " + name);
    }
    return args.get(0);
  }

  /** strings.Trim(arg, " "): spaces only, not tabs or line breaks. */
  private static String trimSpaces(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && s.charAt(b) == ' ') {
      b++;
    }
    while (e > b && s.charAt(e - 1) == ' ') {
      e--;
    }
    return s.substring(b, e);
  }

  private static String stripQuotes(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && s.charAt(b) == '\'') {
      b++;
    }
    while (e > b && s.charAt(e - 1) == '\'') {
      e--;
    }
    return s.substring(b, e);
  }

  /**
   * gtime.ParseInterval: {@code <n>d} and {@code <n>w}, else Go's time.ParseDuration. Months and
   * years depend on today's date in Grafana and are refused.
   */
  static Duration parseInterval(String s) {
    Matcher p = PERIOD.matcher(s);
    if (p.matches()) {
      long n = Long.parseLong(p.group(1));
      return switch (p.group(2)) {
        case "d" -> Duration.ofDays(n);
        case "w" -> Duration.ofDays(7 * n);
        default ->
            throw new IllegalArgumentException(
                "interval " + s + " depends on the current date in Grafana; use days or weeks");
      };
    }
    Matcher d = GO_DURATION_PART.matcher(s);
    int at = 0;
    BigDecimal nanos = BigDecimal.ZERO;
    while (at < s.length() && d.find(at) && d.start() == at) {
      BigDecimal n = new BigDecimal(d.group(1).startsWith(".") ? "0" + d.group(1) : d.group(1));
      long unit =
          switch (d.group(2)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
          };
      nanos = nanos.add(n.multiply(BigDecimal.valueOf(unit)));
      at = d.end();
    }
    if (at == 0 || at != s.length()) {
      throw new IllegalArgumentException("error parsing interval " + s);
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /** gtime.FormatInterval: the largest whole unit of y, d, h, m, s, ms. */
  static String formatInterval(Duration d) {
    long ms = d.toMillis();
    long day = Duration.ofDays(1).toMillis();
    if (ms >= 365 * day) {
      return ms / (365 * day) + "y";
    }
    if (ms >= day) {
      return ms / day + "d";
    }
    if (ms >= 3_600_000) {
      return ms / 3_600_000 + "h";
    }
    if (ms >= 60_000) {
      return ms / 60_000 + "m";
    }
    if (ms >= 1000) {
      return ms / 1000 + "s";
    }
    return ms >= 1 ? ms + "ms" : "1ms";
  }

  /**
   * A float64 as Go's {@code %v} prints it ({@code strconv} format 'g', shortest precision): the
   * shortest decimal that reads back the same, in exponent form ({@code 2.592e+06}, at least two
   * exponent digits) when the decimal exponent is below -4 or at least 6 ("if precision was the
   * shortest possible, use precision 6 for this decision", strconv/ftoa.go).
   */
  static String goFloat(double v) {
    BigDecimal b = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    String digits = b.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - b.scale();
    if (exp < -4 || exp >= 6) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String sign = exp < 0 ? "-" : "+";
      int abs = Math.abs(exp);
      return (v < 0 ? "-" : "") + mantissa + "e" + sign + (abs < 10 ? "0" : "") + abs;
    }
    return b.toPlainString();
  }

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  /** Go's time.RFC3339Nano in UTC: fraction without trailing zeros, none when zero, then Z. */
  static String rfc3339Nano(Instant t) {
    String s = SECONDS.format(t);
    int nanos = t.getNano();
    if (nanos != 0) {
      String f = String.format(Locale.ROOT, "%09d", nanos);
      int end = f.length();
      while (f.charAt(end - 1) == '0') {
        end--;
      }
      s += "." + f.substring(0, end);
    }
    return s + "Z";
  }

  @SafeVarargs
  private static <T> T firstNonNull(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
