package anxin.platform.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.Statement;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import javax.sql.DataSource;

/**
 * Health and metrics (DESIGN §6): {@code /health/live} answers while the process runs; {@code
 * /health/ready} reports the database, the broker and the outbox, {@code 503} when one is down;
 * {@code /metrics} is the Prometheus exposition. None needs a token: they carry no personal data.
 */
final class OpsRoutes {

  private final Vertx vertx;
  private final DataSource dataSource;
  private final BooleanSupplier brokerConnected;
  private final BooleanSupplier databaseWritable;
  private final IntSupplier waitingForDatabase;
  private final PrometheusMeterRegistry meters;

  OpsRoutes(
      Vertx vertx,
      DataSource dataSource,
      BooleanSupplier brokerConnected,
      BooleanSupplier databaseWritable,
      IntSupplier waitingForDatabase,
      PrometheusMeterRegistry meters) {
    this.vertx = vertx;
    this.dataSource = dataSource;
    this.brokerConnected = brokerConnected;
    this.databaseWritable = databaseWritable;
    this.waitingForDatabase = waitingForDatabase;
    this.meters = meters;
  }

  Router mount(Router router) {
    router.get("/health/live").handler(ctx -> ApiRoutes.ok(ctx, status("up")));
    router.get("/health/ready").handler(this::ready);
    router.get("/metrics").handler(this::metrics);
    return router;
  }

  private static ObjectNode status(String s) {
    return AlertJson.JSON.createObjectNode().put("status", s);
  }

  private void ready(RoutingContext ctx) {
    vertx
        .executeBlocking(
            () -> {
              try (Connection c = dataSource.getConnection();
                  Statement s = c.createStatement()) {
                s.setQueryTimeout(2);
                s.execute("SELECT 1");
                return true;
              } catch (Exception e) {
                return false;
              }
            },
            false)
        .onComplete(
            ar -> {
              boolean db = ar.succeeded() && ar.result();
              boolean broker = brokerConnected.getAsBoolean();
              boolean outbox = databaseWritable.getAsBoolean();
              ObjectNode n = status(db && broker && outbox ? "ready" : "degraded");
              n.put("database", db ? "up" : "down");
              n.put("broker", broker ? "connected" : "disconnected");
              ObjectNode o = n.putObject("outbox");
              o.put("mode", outbox ? "outbox" : "direct (database unreachable)");
              o.put("waitingForDatabase", waitingForDatabase.getAsInt());
              if (ctx.response().ended()) {
                return;
              }
              ctx.response()
                  .setStatusCode(db && broker && outbox ? 200 : 503)
                  .putHeader("Content-Type", "application/json; charset=utf-8")
                  .putHeader("Cache-Control", "no-store")
                  .end(n.toString());
            });
  }

  private void metrics(RoutingContext ctx) {
    vertx
        .executeBlocking(meters::scrape, false)
        .onSuccess(
            text ->
                ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(text));
  }
}
