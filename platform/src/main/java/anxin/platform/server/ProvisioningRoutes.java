package anxin.platform.server;

import anxin.alerting.escalation.Role;
import anxin.alerting.escalation.Roster;
import anxin.alerting.escalation.Staff;
import anxin.ingest.jdbc.JdbcProvisioning;
import anxin.platform.access.Principal;
import anxin.platform.store.Facility;
import anxin.platform.store.JdbcDirectory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Provisioning under {@code /api/v1} (DESIGN §6): facilities, staff, the roster and per-facility
 * policies. Reads for the facility's staff and admins; writes for its managers and admins; the
 * bureau reads facilities only. Every write is validated completely (every problem listed at once),
 * applied in one transaction, written to the audit log, and visible to alerting at once. Residents
 * and devices are imported in bulk ({@code anxin import}, docs/import.md).
 */
final class ProvisioningRoutes {

  private final Vertx vertx;
  private final DataSource dataSource;
  private final JdbcDirectory directory;
  private final JdbcProvisioning provisioning;
  private final Map<String, String> ruleDefaults;
  private final Map<String, String> escalationDefaults;

  ProvisioningRoutes(
      Vertx vertx,
      DataSource dataSource,
      JdbcDirectory directory,
      JdbcProvisioning provisioning,
      Map<String, String> ruleDefaults,
      Map<String, String> escalationDefaults) {
    this.vertx = vertx;
    this.dataSource = dataSource;
    this.directory = directory;
    this.provisioning = provisioning;
    this.ruleDefaults = Map.copyOf(ruleDefaults);
    this.escalationDefaults = Map.copyOf(escalationDefaults);
  }

  Router mount(Router router) {
    router.put("/api/v1/facilities").handler(this::putFacility);
    router.get("/api/v1/staff").handler(this::staff);
    router.get("/api/v1/roster").handler(this::roster);
    router.get("/api/v1/policies").handler(this::policies);
    router.put("/api/v1/policies").handler(this::putPolicies);
    return router;
  }

  /** The facility of {@code ?facility=}, if the caller is its staff (or admin); else answered. */
  private Optional<Facility> staffFacility(RoutingContext ctx, boolean write) {
    Principal p = ApiRoutes.who(ctx);
    String id = ctx.request().getParam("facility");
    if (id == null) {
      ApiRoutes.error(ctx, 400, "facility_missing", "?facility=<id> is required");
      return Optional.empty();
    }
    Optional<Facility> f = directory.facility(id);
    boolean allowed =
        f.isPresent()
            && p.sees(f.get())
            && switch (p.role()) {
              case ADMIN, MANAGER -> true;
              case CAREGIVER -> !write;
              case BUREAU -> false;
            };
    if (!allowed) {
      ApiRoutes.error(
          ctx,
          403,
          "forbidden",
          (write ? "you may not change facility " : "you may not read this of facility ")
              + (id.length() > 64 ? id.substring(0, 64) : id));
      return Optional.empty();
    }
    return f;
  }

  private static String text(RoutingContext ctx) {
    return ctx.body() == null ? null : ctx.body().asString();
  }

  // --- facilities --------------------------------------------------------------------------

  private void putFacility(RoutingContext ctx) {
    Principal p = ApiRoutes.who(ctx);
    if (p.role() != anxin.platform.access.Role.ADMIN) {
      ApiRoutes.error(ctx, 403, "forbidden", "only an admin adds or changes facilities");
      return;
    }
    ProvisioningBodies.Read<ProvisioningBodies.FacilityBody> read =
        ProvisioningBodies.facility(text(ctx));
    if (read.refusal() != null) {
      ApiRoutes.error(ctx, 400, read.refusal().reason(), read.refusal().detail());
      return;
    }
    ProvisioningBodies.FacilityBody b = read.value();
    ApiRoutes.blocking(
            vertx,
            ctx,
            () -> {
              provisioning.upsertFacility(b.id(), b.name(), b.county(), b.region(), b.zone());
              directory.reload();
              return null;
            })
        .onSuccess(
            v -> {
              ApiRoutes.audit(vertx, dataSource, p, "put_facility", b.id());
              ApiRoutes.ok(ctx, b.body());
            });
  }

  // --- staff and roster --------------------------------------------------------------------

  private void staff(RoutingContext ctx) {
    Optional<Facility> f = staffFacility(ctx, false);
    if (f.isEmpty()) {
      return;
    }
    boolean phones = ApiRoutes.who(ctx).role() != anxin.platform.access.Role.CAREGIVER;
    ApiRoutes.blocking(
            vertx,
            ctx,
            () -> {
              ArrayNode list = AlertJson.JSON.createArrayNode();
              try (Connection c = dataSource.getConnection();
                  PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT id, display_name, roles, zones, phone, webhook, language, shifts,"
                              + " active FROM staff WHERE facility_id = ? ORDER BY id")) {
                ps.setString(1, f.get().id());
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    ObjectNode n = list.addObject();
                    n.put("id", rs.getString(1));
                    n.put("name", rs.getString(2));
                    n.put("roles", rs.getString(3));
                    n.put("zones", rs.getString(4));
                    if (phones) {
                      n.put("phone", rs.getString(5));
                    }
                    n.put("webhook", rs.getString(6));
                    n.put("language", rs.getString(7));
                    n.put("shifts", rs.getString(8));
                    n.put("active", rs.getBoolean(9));
                  }
                }
              }
              return list;
            })
        .onSuccess(
            list -> {
              ApiRoutes.audit(vertx, dataSource, ApiRoutes.who(ctx), "read_staff", f.get().id());
              ObjectNode out = AlertJson.JSON.createObjectNode();
              out.set("staff", list);
              ApiRoutes.ok(ctx, out);
            });
  }

  private void roster(RoutingContext ctx) {
    Optional<Facility> f = staffFacility(ctx, false);
    if (f.isEmpty()) {
      return;
    }
    Roster r = directory.roster(f.get().id());
    ObjectNode out = AlertJson.JSON.createObjectNode();
    out.put("facility", f.get().id());
    out.put("zone", r.zone().getId());
    ObjectNode rooms = out.putObject("rooms");
    new TreeMap<>(r.roomZones()).forEach(rooms::put);
    ArrayNode onDuty = out.putArray("onDutyNow");
    for (Staff s : r.onDuty(Instant.now())) {
      ObjectNode n = onDuty.addObject();
      n.put("id", s.id());
      ArrayNode roles = n.putArray("roles");
      s.roles().stream().map(Role::name).map(String::toLowerCase).sorted().forEach(roles::add);
      ArrayNode zones = n.putArray("zones");
      s.zones().stream().sorted().forEach(zones::add);
    }
    ApiRoutes.ok(ctx, out);
  }

  // --- policies ----------------------------------------------------------------------------

  private void policies(RoutingContext ctx) {
    Optional<Facility> f = staffFacility(ctx, false);
    if (f.isEmpty()) {
      return;
    }
    ApiRoutes.blocking(vertx, ctx, () -> settings(f.get().id()))
        .onSuccess(
            own -> {
              ObjectNode out = AlertJson.JSON.createObjectNode();
              out.put("facility", f.get().id());
              ObjectNode o = out.putObject("settings");
              own.forEach(o::put);
              ObjectNode d = out.putObject("defaults");
              ruleDefaults.forEach((k, v) -> d.put("rules." + k, v));
              escalationDefaults.forEach((k, v) -> d.put("escalation." + k, v));
              ApiRoutes.ok(ctx, out);
            });
  }

  private Map<String, String> settings(String facility) throws java.sql.SQLException {
    Map<String, String> out = new TreeMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT key, value FROM facility_setting WHERE facility_id = ?")) {
      ps.setString(1, facility);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return out;
  }

  /**
   * Replaces the facility's settings with the body's {@code settings} object: keys {@code rules.*}
   * (docs/alerting-rules.md) and {@code escalation.*} (docs/alerting-escalation.md).
   */
  private void putPolicies(RoutingContext ctx) {
    Optional<Facility> f = staffFacility(ctx, true);
    if (f.isEmpty()) {
      return;
    }
    ProvisioningBodies.Read<Map<String, String>> read =
        ProvisioningBodies.policies(text(ctx), ruleDefaults, escalationDefaults);
    ProvisioningBodies.Refusal refused = read.refusal();
    if (refused != null && refused.problems().isEmpty()) {
      ApiRoutes.error(ctx, 400, refused.reason(), refused.detail());
      return;
    }
    if (refused != null) {
      ObjectNode n = AlertJson.JSON.createObjectNode();
      n.put("reason", refused.reason());
      n.put("detail", refused.detail());
      ArrayNode list = n.putArray("problems");
      refused.problems().forEach(list::add);
      ctx.response()
          .setStatusCode(400)
          .putHeader("Content-Type", "application/json; charset=utf-8")
          .end(n.toString());
      return;
    }
    Map<String, String> given = read.value();
    String facility = f.get().id();
    ApiRoutes.blocking(
            vertx,
            ctx,
            () -> {
              try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement del =
                        c.prepareStatement("DELETE FROM facility_setting WHERE facility_id = ?");
                    PreparedStatement ins =
                        c.prepareStatement(
                            "INSERT INTO facility_setting (facility_id, key, value) VALUES (?, ?, ?)")) {
                  del.setString(1, facility);
                  del.executeUpdate();
                  for (Map.Entry<String, String> e : given.entrySet()) {
                    ins.setString(1, facility);
                    ins.setString(2, e.getKey());
                    ins.setString(3, e.getValue());
                    ins.addBatch();
                  }
                  ins.executeBatch();
                  c.commit();
                } catch (java.sql.SQLException | RuntimeException e) {
                  c.rollback();
                  throw e;
                } finally {
                  c.setAutoCommit(true);
                }
              }
              directory.reload();
              return null;
            })
        .onSuccess(
            v -> {
              ApiRoutes.audit(vertx, dataSource, ApiRoutes.who(ctx), "put_policies", facility);
              ObjectNode out = AlertJson.JSON.createObjectNode();
              out.put("facility", facility);
              ObjectNode o = out.putObject("settings");
              given.forEach(o::put);
              ApiRoutes.ok(ctx, out);
            });
  }
}
