package anxin.platform.server;

import anxin.platform.access.Principal;
import anxin.platform.access.Role;
import anxin.platform.importer.CsvImport;
import anxin.platform.importer.Kind;
import anxin.platform.importer.Problem;
import anxin.platform.importer.ProgressListener;
import anxin.platform.importer.Report;
import anxin.platform.importer.Touched;
import anxin.platform.store.Facility;
import anxin.platform.store.JdbcDirectory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.StringReader;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;

/**
 * {@code POST /api/v1/import?kind=K[&dryRun=true]} (DESIGN §6): the CSV import of docs/import.md
 * over HTTP, body {@code text/csv} up to 1 MiB (larger files with {@code anxin import}). Admins
 * import anything; a manager imports rows of their own facilities only (every row's {@code
 * facility}, or for {@code family} the resident's facility, must be in scope, and so must the
 * facility that each row's id belongs to now, else {@code 403} naming the first that is not: an
 * import matches rows by id, and would otherwise move another facility's resident, device, staff
 * member or family contact into the manager's). Answers the per-row report: {@code 200} when the
 * file was good (and, unless a dry run, written), {@code 422} with every problem when nothing was
 * written.
 */
final class ImportRoute {

  private final Vertx vertx;
  private final DataSource dataSource;
  private final JdbcDirectory directory;

  ImportRoute(Vertx vertx, DataSource dataSource, JdbcDirectory directory) {
    this.vertx = vertx;
    this.dataSource = dataSource;
    this.directory = directory;
  }

  /** The JSON provisioning routes and the import kind each writes. */
  private static final java.util.Map<String, Kind> PUTS =
      java.util.Map.of(
          "residents", Kind.RESIDENTS,
          "devices", Kind.DEVICES,
          "staff", Kind.STAFF,
          "roster", Kind.ZONES,
          "family", Kind.FAMILY);

  Router mount(Router router) {
    router.post("/api/v1/import").handler(this::upload);
    for (java.util.Map.Entry<String, Kind> e : PUTS.entrySet()) {
      router.put("/api/v1/" + e.getKey()).handler(ctx -> putRows(ctx, e.getValue()));
    }
    return router;
  }

  private void upload(RoutingContext ctx) {
    Kind kind;
    try {
      kind = Kind.of(String.valueOf(ctx.request().getParam("kind")));
    } catch (IllegalArgumentException e) {
      ApiRoutes.error(ctx, 400, "bad_kind", e.getMessage());
      return;
    }
    String csv = ctx.body() == null ? "" : ctx.body().asString("UTF-8");
    if (csv.isBlank()) {
      ApiRoutes.error(ctx, 400, "empty", "the body is the CSV file (text/csv), header row first");
      return;
    }
    handle(ctx, kind, csv);
  }

  /**
   * {@code PUT /api/v1/residents} (and devices, staff, roster, family): a JSON array of objects
   * whose fields are the import's columns (docs/import.md), written exactly as the CSV import
   * writes them: every row checked, all or nothing, the same report.
   */
  private void putRows(RoutingContext ctx, Kind kind) {
    com.fasterxml.jackson.databind.JsonNode body;
    try {
      String text = ctx.body() == null ? "" : ctx.body().asString("UTF-8");
      body = text.isBlank() ? null : AlertJson.JSON.readTree(text);
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.isArray() || body.isEmpty()) {
      ApiRoutes.error(
          ctx,
          400,
          "bad_body",
          "a JSON array of objects with the columns of docs/import.md (" + kind.wireName() + ")");
      return;
    }
    java.util.List<String> header = kind.columns().stream().map(c -> c.name()).toList();
    StringBuilder csv = new StringBuilder();
    try (org.apache.commons.csv.CSVPrinter out =
        new org.apache.commons.csv.CSVPrinter(
            csv, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
      out.printRecord(header);
      for (com.fasterxml.jackson.databind.JsonNode row : body) {
        java.util.List<String> cells = new java.util.ArrayList<>();
        for (String column : header) {
          com.fasterxml.jackson.databind.JsonNode v = row.get(column);
          cells.add(
              v == null || v.isNull()
                  ? ""
                  : v.isArray()
                      ? String.join(
                          ",",
                          java.util.stream.StreamSupport.stream(v.spliterator(), false)
                              .map(x -> x.asText())
                              .toList())
                      : v.asText());
        }
        out.printRecord(cells);
      }
    } catch (IOException e) {
      ApiRoutes.error(ctx, 400, "bad_body", e.getMessage());
      return;
    }
    handle(ctx, kind, csv.toString());
  }

  private void handle(RoutingContext ctx, Kind kind, String csv) {
    Principal p = ApiRoutes.who(ctx);
    boolean dryRun = "true".equalsIgnoreCase(ctx.request().getParam("dryRun"));
    if (p.role() != Role.ADMIN && p.role() != Role.MANAGER) {
      ApiRoutes.error(ctx, 403, "forbidden", "only managers and admins import");
      return;
    }
    if (p.role() != Role.ADMIN && kind == Kind.FACILITIES) {
      ApiRoutes.error(ctx, 403, "forbidden", "only an admin adds facilities");
      return;
    }
    ApiRoutes.blocking(vertx, ctx, () -> touched(kind, csv))
        .onSuccess(
            touched -> {
              String refused = refusal(p, touched);
              if (refused != null) {
                ApiRoutes.error(ctx, 403, "forbidden", refused);
                return;
              }
              run(ctx, p, kind, csv, dryRun, touched);
            });
  }

  /** The facilities the file writes to: checked for a manager, named in the audit log. */
  private Set<String> touched(Kind kind, String csv) throws Exception {
    try (java.sql.Connection c = dataSource.getConnection()) {
      // An unreadable file is not refused here: the import reads it with the same parser and
      // writes nothing, answering every problem.
      return Touched.facilities(c, kind, new StringReader(csv)).facilities();
    }
  }

  private void run(
      RoutingContext ctx, Principal p, Kind kind, String csv, boolean dryRun, Set<String> touched) {
    ApiRoutes.blocking(
            vertx,
            ctx,
            () -> {
              Report r =
                  CsvImport.run(
                      dataSource,
                      kind,
                      "upload",
                      new StringReader(csv),
                      dryRun,
                      ProgressListener.NOOP);
              if (r.wrote()) {
                directory.reload();
              }
              return r;
            })
        .onSuccess(
            r -> {
              if (r.ok() && !r.dryRun()) {
                // Every accepted write, even one that changed nothing: who wrote what, and when.
                ApiRoutes.audit(
                    vertx,
                    dataSource,
                    p,
                    "import_" + kind.wireName(),
                    String.join(",", touched)
                        + ": "
                        + r.rows()
                        + " rows, "
                        + r.added()
                        + " added, "
                        + r.updated()
                        + " updated");
              }
              ObjectNode n = AlertJson.JSON.createObjectNode();
              n.put("kind", kind.wireName());
              n.put("dryRun", r.dryRun());
              n.put("ok", r.ok());
              n.put("rows", r.rows());
              n.put("added", r.added());
              n.put("updated", r.updated());
              n.put("unchanged", r.unchanged());
              ArrayNode problems = n.putArray("problems");
              for (Problem x : r.problems()) {
                problems
                    .addObject()
                    .put("row", x.row())
                    .put("field", x.field())
                    .put("problem", x.message());
              }
              if (r.ok()) {
                ApiRoutes.ok(ctx, n);
              } else {
                ctx.response()
                    .setStatusCode(422)
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(n.toString());
              }
            });
  }

  /** Why a manager may not import a file touching these facilities, or null when they may. */
  private String refusal(Principal p, Set<String> touched) {
    if (p.role() == Role.ADMIN) {
      return null;
    }
    for (String f : touched) {
      Facility known = directory.facility(f).orElse(null);
      if (known == null || !p.sees(known)) {
        return "facility " + (f.length() > 64 ? f.substring(0, 64) : f) + " is not in your scope";
      }
    }
    return null;
  }
}
