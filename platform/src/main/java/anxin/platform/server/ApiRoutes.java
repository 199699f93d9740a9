package anxin.platform.server;

import anxin.alerting.Alert;
import anxin.alerting.AlertState;
import anxin.alerting.StaffActionResult;
import anxin.alerting.Timeline;
import anxin.alerting.TimelineEntry;
import anxin.alerting.core.AlertingCore;
import anxin.alerting.store.JdbcAlertStore;
import anxin.platform.access.ApiTokens;
import anxin.platform.access.AuthGuard;
import anxin.platform.access.Principal;
import anxin.platform.store.AuditLog;
import anxin.platform.store.Facility;
import anxin.platform.store.JdbcDirectory;
import anxin.platform.store.Resident;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staff and bureau API of DESIGN §6 under {@code /api/v1} (device ingest is ingest's): bearer
 * tokens, scopes, alerts, acknowledge and resolve, the event stream, and the read views the console
 * needs. Every error is JSON {@code {"reason": "...", "detail": "..."}}; a resource outside the
 * caller's scope is {@code 403} and never data.
 */
final class ApiRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
  private static final String PRINCIPAL = "anxin.principal";
  private static final Duration TOKEN_CACHE = Duration.ofSeconds(60);

  private record Cached(Principal principal, long until) {}

  private final Vertx vertx;
  private final ApiTokens tokens;
  private final AuthGuard guard;
  private final JdbcDirectory directory;
  private final JdbcAlertStore alerts;
  private final AlertingCore core;
  private final AlertStream stream;
  private final AlertJson json;
  private final DataSource dataSource;
  private final Map<String, Cached> tokenCache = new ConcurrentHashMap<>();

  ApiRoutes(
      Vertx vertx,
      ApiTokens tokens,
      AuthGuard guard,
      JdbcDirectory directory,
      JdbcAlertStore alerts,
      AlertingCore core,
      AlertStream stream,
      AlertJson json,
      DataSource dataSource) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.guard = guard;
    this.directory = directory;
    this.alerts = alerts;
    this.core = core;
    this.stream = stream;
    this.json = json;
    this.dataSource = dataSource;
  }

  Router mount(Router router) {
    // Bodies are read before authentication, which may wait for the database: a body handler
    // after an asynchronous step would find the request already over. Bounded at 1 MiB.
    router.route("/api/v1/*").handler(BodyHandler.create().setBodyLimit(1024 * 1024));
    router.route("/api/v1/*").handler(this::authenticate);
    router.get("/api/v1/me").handler(this::me);
    router.get("/api/v1/alerts").handler(this::list);
    router.get("/api/v1/alerts/stream").handler(this::stream);
    router.get("/api/v1/alerts/:id").handler(this::one);
    router.post("/api/v1/alerts/:id/ack").handler(this::acknowledge);
    router.post("/api/v1/alerts/:id/resolve").handler(this::resolve);
    router.get("/api/v1/facilities").handler(this::facilities);
    router.get("/api/v1/residents").handler(this::residents);
    router.get("/api/v1/devices").handler(this::devices);
    return router;
  }

  /** Answers 404 for any other API path; mounted after every API route. */
  static Router notFound(Router router) {
    router.route("/api/v1/*").handler(ctx -> error(ctx, 404, "not_found", "no such API route"));
    return router;
  }

  // --- authentication ---------------------------------------------------------------------

  private void authenticate(RoutingContext ctx) {
    String address =
        ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().host();
    String token = bearer(ctx);
    // A token verified within the last minute passes even while its address is locked out: behind
    // a reverse proxy or a facility's NAT every caller has one address, and somebody guessing
    // tokens must not lock the night staff out of their alarms. Only unverified tokens wait.
    Cached c = token == null ? null : tokenCache.get(token);
    if (c != null && c.until() > System.nanoTime()) {
      ctx.put(PRINCIPAL, c.principal());
      ctx.next();
      return;
    }
    if (guard.locked(address)) {
      error(ctx, 429, "too_many_failures", "too many wrong tokens from this address; wait");
      return;
    }
    if (token == null) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      error(ctx, 401, "unauthorized", "a bearer token is required");
      return;
    }
    blocking(ctx, () -> tokens.verify(token))
        .onSuccess(
            p -> {
              if (p.isEmpty()) {
                guard.failed(address);
                ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                error(ctx, 401, "unauthorized", "unknown or revoked token");
                return;
              }
              tokenCache.put(token, new Cached(p.get(), System.nanoTime() + TOKEN_CACHE.toNanos()));
              ctx.put(PRINCIPAL, p.get());
              ctx.next();
            });
  }

  /** {@code Authorization: Bearer X}, or {@code ?access_token=X} on the event stream only. */
  private static String bearer(RoutingContext ctx) {
    String h = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String t = h.substring(7).strip();
      return t.isEmpty() ? null : t;
    }
    if (ctx.request().path().equals("/api/v1/alerts/stream")) {
      return ctx.request().getParam("access_token");
    }
    return null;
  }

  static Principal who(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  // --- alerts -------------------------------------------------------------------------------

  private void me(RoutingContext ctx) {
    Principal p = who(ctx);
    ObjectNode n = AlertJson.JSON.createObjectNode();
    n.put("label", p.label());
    n.put("role", p.role().wireName());
    n.put("staff", p.staffId());
    ArrayNode fs = n.putArray("facilities");
    directory.facilities().stream().filter(p::sees).map(Facility::id).sorted().forEach(fs::add);
    ok(ctx, n);
  }

  private void list(RoutingContext ctx) {
    Principal p = who(ctx);
    String facility = ctx.request().getParam("facility");
    List<String> scope;
    if (facility != null) {
      Optional<Facility> f = directory.facility(facility);
      if (f.isEmpty() || !p.sees(f.get())) {
        error(ctx, 403, "forbidden", "facility " + bounded(facility) + " is not in your scope");
        return;
      }
      scope = List.of(facility);
    } else {
      scope = directory.facilities().stream().filter(p::sees).map(Facility::id).toList();
    }
    AlertState state = null;
    String stateParam = ctx.request().getParam("state");
    if (stateParam != null) {
      state = AlertState.fromWireName(stateParam).orElse(null);
      if (state == null) {
        error(ctx, 400, "bad_state", "state is one of open, acknowledged, resolved");
        return;
      }
    }
    Instant since = null;
    String sinceParam = ctx.request().getParam("since");
    if (sinceParam != null) {
      try {
        since = Instant.parse(sinceParam);
      } catch (DateTimeParseException e) {
        error(ctx, 400, "bad_since", "since is an ISO-8601 instant, e.g. 2026-11-29T00:00:00Z");
        return;
      }
    }
    int limit = 200;
    String limitParam = ctx.request().getParam("limit");
    if (limitParam != null) {
      try {
        limit = Integer.parseInt(limitParam);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 1000) {
        error(ctx, 400, "bad_limit", "limit is 1..1000");
        return;
      }
    }
    AlertState s = state;
    Instant from = since;
    int max = limit;
    vertx
        .executeBlocking(() -> alerts.list(scope, s, from, max), false)
        .onSuccess(
            rows -> {
              ObjectNode out = AlertJson.JSON.createObjectNode();
              ArrayNode list = out.putArray("alerts");
              rows.forEach(r -> list.add(json.alert(r.alert(), r.escalationStep(), p)));
              ok(ctx, out);
            })
        .onFailure(
            e -> {
              LOG.warn(
                  "api: alert list from the database failed ({}); answering from memory",
                  e.toString());
              core.query(book -> book.active())
                  .whenComplete(
                      (active, x) ->
                          ctx.vertx()
                              .runOnContext(
                                  v -> {
                                    if (x != null) {
                                      error(ctx, 503, "unavailable", "alerts cannot be read now");
                                      return;
                                    }
                                    ObjectNode out = AlertJson.JSON.createObjectNode();
                                    out.put("degraded", "database unreachable: active alerts only");
                                    ArrayNode list = out.putArray("alerts");
                                    active.stream()
                                        .filter(a -> scope.contains(a.facility()))
                                        .filter(a -> s == null || a.state() == s)
                                        .forEach(a -> list.add(json.alert(a, 0, p)));
                                    ok(ctx, out);
                                  }));
            });
  }

  private void one(RoutingContext ctx) {
    Principal p = who(ctx);
    String id = ctx.pathParam("id");
    find(id)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                error(ctx, 503, "unavailable", "the alert cannot be read now");
                return;
              }
              Optional<JdbcAlertStore.Stored> found = ar.result();
              if (found.isEmpty()) {
                error(ctx, 404, "unknown_alert", "no alert with id " + bounded(id));
                return;
              }
              Alert a = found.get().alert();
              Facility f = directory.facility(a.facility()).orElse(null);
              if (f == null || !p.sees(f)) {
                error(ctx, 403, "forbidden", "this alert is not in your scope");
                return;
              }
              Timeline t = found.get().timeline();
              ObjectNode n = json.alert(a, step(t), p);
              n.set("timeline", json.timeline(t));
              ok(ctx, n);
            });
  }

  private void acknowledge(RoutingContext ctx) {
    act(ctx, (id, actor) -> core.acknowledge(id, actor));
  }

  private void resolve(RoutingContext ctx) {
    JsonNode body;
    try {
      String text = ctx.body() == null ? null : ctx.body().asString();
      body = text == null || text.isBlank() ? null : AlertJson.JSON.readTree(text);
    } catch (java.io.IOException e) {
      error(
          ctx, 400, "bad_body", "the body is not JSON: {\"outcome\": \"...\", \"note\": \"...\"}");
      return;
    }
    if (body == null || !body.isObject()) {
      error(
          ctx,
          400,
          "outcome_missing",
          "body {\"outcome\": \"...\", \"note\": \"...\"} is required");
      return;
    }
    String outcome = body.path("outcome").isTextual() ? body.get("outcome").asText() : null;
    String note = body.path("note").isTextual() ? body.get("note").asText() : null;
    if (note != null && note.length() > 2000) {
      error(ctx, 400, "note_too_long", "note is at most 2000 characters");
      return;
    }
    act(ctx, (id, actor) -> core.resolve(id, actor, outcome, note));
  }

  private interface Action {
    java.util.concurrent.CompletableFuture<StaffActionResult> apply(String id, String actor);
  }

  /** Checks the alert is in scope for acting, then applies the staff action on the core. */
  private void act(RoutingContext ctx, Action action) {
    Principal p = who(ctx);
    String id = ctx.pathParam("id");
    find(id)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                error(ctx, 503, "unavailable", "the alert cannot be read now");
                return;
              }
              if (ar.result().isEmpty()) {
                error(ctx, 404, "unknown_alert", "no alert with id " + bounded(id));
                return;
              }
              Alert a = ar.result().get().alert();
              Facility f = directory.facility(a.facility()).orElse(null);
              if (f == null || !p.actsOn(f)) {
                error(ctx, 403, "forbidden", "you may not act on this alert");
                return;
              }
              action
                  .apply(id, p.actor())
                  .whenComplete((r, x) -> ctx.vertx().runOnContext(v -> answer(ctx, p, a, r, x)));
            });
  }

  private void answer(
      RoutingContext ctx, Principal p, Alert before, StaffActionResult r, Throwable x) {
    if (x != null) {
      error(ctx, 503, "unavailable", "the alerting core cannot take it now");
    } else if (r instanceof StaffActionResult.Applied applied) {
      ok(ctx, json.alert(applied.alert(), 0, p));
    } else if (r instanceof StaffActionResult.Rejected rejected) {
      if (rejected.reason() == StaffActionResult.Reason.UNKNOWN_ALERT && !before.isActive()) {
        ok(ctx, json.alert(before, 0, p)); // resolved long ago and out of memory: nothing to do
        return;
      }
      error(ctx, rejected.reason().status(), rejected.reason().wireName(), rejected.detail());
    }
  }

  /** The alert from the core's memory (freshest), else from the database. */
  private Future<Optional<JdbcAlertStore.Stored>> find(String id) {
    if (id == null || id.length() > 64) {
      return Future.succeededFuture(Optional.empty());
    }
    java.util.concurrent.CompletableFuture<Optional<JdbcAlertStore.Stored>> memory =
        core.query(
            book ->
                book.alert(id)
                    .map(a -> new JdbcAlertStore.Stored(a, book.timeline(id).orElseThrow())));
    return Future.fromCompletionStage(memory)
        .compose(
            m ->
                m.isPresent()
                    ? Future.succeededFuture(m)
                    : vertx.executeBlocking(() -> alerts.find(id), false));
  }

  private static int step(Timeline t) {
    int step = 0;
    for (TimelineEntry e : t.entries()) {
      if (e instanceof TimelineEntry.Escalated s) {
        step = Math.max(step, s.step());
      }
    }
    return step;
  }

  private void stream(RoutingContext ctx) {
    stream.subscribe(
        who(ctx),
        ctx.response(),
        ctx.vertx().getOrCreateContext(),
        ctx.request().getHeader("Last-Event-ID"));
  }

  // --- read views ---------------------------------------------------------------------------

  private void facilities(RoutingContext ctx) {
    Principal p = who(ctx);
    ObjectNode out = AlertJson.JSON.createObjectNode();
    ArrayNode list = out.putArray("facilities");
    directory.facilities().stream()
        .filter(p::sees)
        .sorted(java.util.Comparator.comparing(Facility::id))
        .forEach(
            f -> {
              ObjectNode n = list.addObject();
              n.put("id", f.id());
              n.put("name", f.name());
              n.put("county", f.county());
              n.put("region", f.region());
              n.put("zone", f.zone().getId());
            });
    ok(ctx, out);
  }

  private Optional<Facility> scopedFacility(RoutingContext ctx) {
    String id = ctx.request().getParam("facility");
    if (id == null) {
      error(ctx, 400, "facility_missing", "?facility=<id> is required");
      return Optional.empty();
    }
    Optional<Facility> f = directory.facility(id);
    if (f.isEmpty() || !who(ctx).sees(f.get())) {
      error(ctx, 403, "forbidden", "facility " + bounded(id) + " is not in your scope");
      return Optional.empty();
    }
    return f;
  }

  private void residents(RoutingContext ctx) {
    Principal p = who(ctx);
    Optional<Facility> f = scopedFacility(ctx);
    if (f.isEmpty()) {
      return;
    }
    boolean names = p.seesNames(f.get());
    blocking(ctx, () -> residentsOf(f.get().id()))
        .onSuccess(
            rs -> {
              ObjectNode out = AlertJson.JSON.createObjectNode();
              ArrayNode list = out.putArray("residents");
              for (Resident r : rs) {
                ObjectNode n = list.addObject();
                n.put("id", r.id());
                n.put("room", r.room());
                if (names) {
                  n.put("name", r.displayName());
                }
                ArrayNode care = n.putArray("care");
                r.care().stream().sorted().forEach(care::add);
              }
              audit(p, "read_residents", f.get().id());
              ok(ctx, out);
            });
  }

  private List<Resident> residentsOf(String facility) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, facility_id, display_name, room, care FROM resident"
                    + " WHERE facility_id = ? ORDER BY room, id")) {
      ps.setString(1, facility);
      List<Resident> out = new java.util.ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Resident(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  java.util.Set.of(
                      java.util.Arrays.stream(rs.getString(5).split(","))
                          .map(String::strip)
                          .filter(s -> !s.isEmpty())
                          .toArray(String[]::new))));
        }
      }
      return out;
    }
  }

  private void devices(RoutingContext ctx) {
    Optional<Facility> f = scopedFacility(ctx);
    if (f.isEmpty()) {
      return;
    }
    String sql =
        "SELECT d.id, d.kind, d.room, d.resident_id, d.heartbeat_s, last.received_at, last.bat,"
            + " bat.bat"
            + " FROM device d"
            + " LEFT JOIN LATERAL (SELECT received_at, bat FROM event e WHERE e.device_id = d.id"
            + "   ORDER BY received_at DESC LIMIT 1) last ON true"
            + " LEFT JOIN LATERAL (SELECT bat FROM event e WHERE e.device_id = d.id AND bat IS NOT NULL"
            + "   ORDER BY received_at DESC LIMIT 1) bat ON true"
            + " WHERE d.facility_id = ? AND d.active ORDER BY d.room NULLS FIRST, d.id";
    blocking(
            ctx,
            () -> {
              try (Connection c = dataSource.getConnection();
                  PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, f.get().id());
                ArrayNode list = AlertJson.JSON.createArrayNode();
                Instant now = Instant.now();
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    ObjectNode n = list.addObject();
                    n.put("id", rs.getString(1));
                    n.put("kind", rs.getString(2));
                    n.put("room", rs.getString(3));
                    n.put("resident", rs.getString(4));
                    java.sql.Timestamp last = rs.getTimestamp(6);
                    n.put("lastSeen", last == null ? null : last.toInstant().toString());
                    Object bat = rs.getObject(8);
                    if (bat != null) {
                      n.put("battery", ((Number) bat).intValue());
                    } else {
                      n.putNull("battery");
                    }
                    long silentAfter = 3L * rs.getInt(5);
                    n.put(
                        "online",
                        last != null
                            && Duration.between(last.toInstant(), now).toSeconds() <= silentAfter);
                  }
                }
                return list;
              }
            })
        .onSuccess(
            list -> {
              ObjectNode out = AlertJson.JSON.createObjectNode();
              out.set("devices", list);
              ok(ctx, out);
            });
  }

  private void audit(Principal p, String action, String target) {
    audit(vertx, dataSource, p, action, target);
  }

  /** Appends to the audit log, off the event loop; a failure is logged, never answered. */
  static void audit(Vertx vertx, DataSource dataSource, Principal p, String action, String target) {
    vertx
        .executeBlocking(
            () -> {
              AuditLog.append(dataSource, p.actor(), action, target);
              return null;
            },
            false)
        .onFailure(
            e -> LOG.warn("api: audit entry {} {} not written: {}", action, target, e.toString()));
  }

  // --- helpers ------------------------------------------------------------------------------

  /** Runs blocking work off the event loop; answers 503 itself when it fails. */
  private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
    return blocking(vertx, ctx, work);
  }

  /** Runs blocking work off the event loop; answers 503 itself when it fails. */
  static <T> Future<T> blocking(Vertx vertx, RoutingContext ctx, Callable<T> work) {
    return vertx
        .executeBlocking(work, false)
        .onFailure(
            e -> {
              LOG.warn(
                  "api: {} {} failed: {}",
                  ctx.request().method(),
                  ctx.request().path(),
                  e.toString());
              error(ctx, 503, "unavailable", "the database cannot be reached now");
            });
  }

  static void ok(RoutingContext ctx, JsonNode body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(200)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.toString());
  }

  static void error(RoutingContext ctx, int status, String reason, String detail) {
    if (ctx.response().ended()) {
      return;
    }
    ObjectNode n = AlertJson.JSON.createObjectNode();
    n.put("reason", reason);
    n.put("detail", detail);
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(n.toString());
  }

  private static String bounded(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
